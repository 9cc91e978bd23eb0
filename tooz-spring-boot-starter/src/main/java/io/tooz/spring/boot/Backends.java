package io.tooz.spring.boot;

import io.tooz.ToozException;
import io.tooz.spi.ConnectionUrl;
import org.jspecify.annotations.Nullable;

/** What health and info show of the backend: its scheme, its URL without user information. */
final class Backends {
    private Backends() {}

    static String scheme(@Nullable String url) {
        if (url == null) {
            return "unknown";
        }
        try {
            return ConnectionUrl.parse(url).scheme();
        } catch (ToozException e) {
            return "unknown";
        }
    }

    static String redacted(@Nullable String url) {
        return url == null ? "" : ConnectionUrl.redact(url);
    }
}
