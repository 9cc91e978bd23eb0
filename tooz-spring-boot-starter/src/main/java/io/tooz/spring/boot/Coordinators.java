package io.tooz.spring.boot;

import io.tooz.Coordinator;
import io.tooz.CoordinatorBuilder;
import io.tooz.ToozConfigurationException;
import io.tooz.spi.ConnectionUrl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds and starts the coordinator bean from the properties: fails at once, with the library's error, if it cannot. */
final class Coordinators {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinators.class);

    private Coordinators() {}

    static Coordinator started(ToozProperties properties, String application, List<ToozCoordinatorCustomizer> hooks) {
        String url = properties.url();
        if (url == null || url.isBlank()) {
            throw new ToozConfigurationException("tooz.url is not set: give the backend's URL, e.g."
                    + " tooz.url=zookeeper://127.0.0.1:2181 (or memory://name for a single JVM)");
        }
        String memberId = properties.memberId() != null ? properties.memberId() : MemberIds.next(application);
        CoordinatorBuilder builder = Coordinator.builder(url)
                .memberId(memberId)
                .options(optionNames(properties.options()))
                .watchMode(properties.watchMode());
        hooks.forEach(hook -> hook.customize(builder));
        Coordinator coordinator = builder.build();
        long begun = System.nanoTime();
        coordinator.start();
        LOG.info(
                "tooz coordinator {} started on {} in {} ms",
                memberId,
                ConnectionUrl.redact(url),
                (System.nanoTime() - begun) / 1_000_000);
        return coordinator;
    }

    /** Driver option names take {@code _}; a property key written with {@code -} gets it back. */
    static Map<String, String> optionNames(Map<String, String> options) {
        Map<String, String> named = new LinkedHashMap<>();
        options.forEach((name, value) -> named.put(name.replace('-', '_'), value));
        return named;
    }
}
