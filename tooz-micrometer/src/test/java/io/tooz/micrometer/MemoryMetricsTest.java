package io.tooz.micrometer;

import java.util.UUID;

/** {@link BackendMetricsTest} on memory://. */
class MemoryMetricsTest extends BackendMetricsTest {
    private final String url = "memory://metrics-" + UUID.randomUUID();

    @Override
    String url() {
        return url;
    }

    @Override
    String scheme() {
        return "memory";
    }
}
