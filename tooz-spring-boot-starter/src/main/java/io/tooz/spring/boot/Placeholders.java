package io.tooz.spring.boot;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.convert.DurationStyle;

/** Resolves {@code ${...}} in annotation attributes, as {@code @Scheduled} does. */
final class Placeholders {
    private final @Nullable BeanFactory beanFactory;

    Placeholders(@Nullable BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    String resolve(String value) {
        if (beanFactory instanceof ConfigurableBeanFactory configurable) {
            String resolved = configurable.resolveEmbeddedValue(value);
            return resolved == null ? value : resolved;
        }
        return value;
    }

    Duration duration(String value, String what) {
        String resolved = resolve(value).trim();
        try {
            return DurationStyle.detectAndParse(resolved);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(what + ": '" + resolved + "' is not a duration (write 2s, 500ms, PT2S)", e);
        }
    }
}
