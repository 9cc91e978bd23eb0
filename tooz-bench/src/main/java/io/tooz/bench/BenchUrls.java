package io.tooz.bench;

import io.tooz.spi.ConnectionUrl;

/** The checks of the URL a benchmark is given: a URL it cannot use is an {@link IllegalArgumentException}. */
final class BenchUrls {
    private BenchUrls() {}

    /** Fails with "{@code bench} needs {@code what}, got URL" (the URL without its secrets) unless {@code ok}. */
    static void require(boolean ok, String bench, String what, String url) {
        if (!ok) {
            throw new IllegalArgumentException(bench + " needs " + what + ", got " + ConnectionUrl.redact(url));
        }
    }
}
