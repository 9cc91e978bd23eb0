package io.tooz.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Where the backend comes from, and what the annotation's settings do, seen by scenario classes. */
class ConfigurationTest {
    private static final AtomicReference<ToozBackend> seen = new AtomicReference<>();

    @Test
    void theConfiguredUrlIsUsedAsGivenWithTheExtensionsOptions() {
        String url = "memory://configured-" + System.nanoTime();
        TestExecutionSummary summary = Scenarios.run(Configured.class, Map.of(ToozExtension.URL_PROPERTY, url));
        assertThat(summary.getTotalFailureCount())
                .as(Scenarios.failures(summary))
                .isZero();
        ToozBackend backend = seen.get();
        assertThat(backend.url()).isEqualTo(url);
        assertThat(backend.namespace())
                .as("a URL the user chose is not the extension's namespace")
                .isEmpty();
        assertThat(backend.ttl()).isEqualTo(Duration.ofMillis(1500));
        assertThat(backend.options()).containsEntry("timeout", "1500ms").containsEntry("watch_interval", "100ms");
    }

    @Test
    void theSystemPropertyNamesTheUrlToo() {
        String url = "memory://from-property-" + System.nanoTime();
        System.setProperty(ToozExtension.URL_PROPERTY, url);
        try {
            TestExecutionSummary summary = Scenarios.run(Configured.class);
            assertThat(summary.getTotalFailureCount())
                    .as(Scenarios.failures(summary))
                    .isZero();
        } finally {
            System.clearProperty(ToozExtension.URL_PROPERTY);
        }
        assertThat(seen.get().url()).isEqualTo(url);
    }

    @Test
    void anExplicitBackendIgnoresTheConfiguredUrl() {
        TestExecutionSummary summary =
                Scenarios.run(AlwaysMemory.class, Map.of(ToozExtension.URL_PROPERTY, "redis://127.0.0.1:1"));
        assertThat(summary.getTotalFailureCount())
                .as(Scenarios.failures(summary))
                .isZero();
        assertThat(seen.get().url()).startsWith("memory://junit-AlwaysMemory-");
    }

    @Test
    void theEmbeddedZooKeeperWithoutItsDriverFailsSayingWhatToAdd() {
        TestExecutionSummary summary = Scenarios.run(OnZooKeeper.class);
        assertThat(summary.getTotalFailureCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException())
                .hasMessageContaining("io.tooz:tooz-driver-zookeeper")
                .hasMessageContaining("EMBEDDED_ZOOKEEPER");
    }

    @Test
    void aBadTtlFailsNamingTheClass() {
        TestExecutionSummary summary = Scenarios.run(BadTtl.class);
        assertThat(summary.getTotalFailureCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException())
                .hasMessageContaining("ttl = \"soon\"")
                .hasMessageContaining(BadTtl.class.getName());
    }

    @ToozTest(ttl = "1500ms", options = "watch_interval=100ms")
    @EnabledIf("io.tooz.junit.Scenarios#launched")
    static class Configured {
        @Test
        void records(ToozBackend backend, Coordinator c) {
            seen.set(backend);
            assertThat(c.isStarted()).isTrue();
        }
    }

    @ToozTest(backend = BackendKind.MEMORY)
    @EnabledIf("io.tooz.junit.Scenarios#launched")
    static class AlwaysMemory {
        @Test
        void records(ToozBackend backend, Coordinator c) {
            seen.set(backend);
            assertThat(c.isStarted()).isTrue();
        }
    }

    @ToozTest(backend = BackendKind.EMBEDDED_ZOOKEEPER)
    @EnabledIf("io.tooz.junit.Scenarios#launched")
    static class OnZooKeeper {
        @Test
        void needsACoordinator(Coordinator c) {}
    }

    @ToozTest(ttl = "soon")
    @EnabledIf("io.tooz.junit.Scenarios#launched")
    static class BadTtl {
        @Test
        void needsACoordinator(Coordinator c) {}
    }
}
