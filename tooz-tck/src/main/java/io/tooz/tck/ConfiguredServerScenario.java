package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.junit.ToozBackend;
import io.tooz.junit.ToozExtension;
import io.tooz.junit.ToozFaults;
import io.tooz.junit.ToozTest;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * tooz-junit's extension on a shared server named by {@code tooz.test.url}, as a CI run configures it, for a driver's
 * tests to run: a test class gets a namespace of its own, a coordinator is cut off through its proxy, and what a
 * test created is gone before the next and after the class.
 */
public final class ConfiguredServerScenario {
    private static volatile String namespace = "";
    private static volatile String configured = "";

    private ConfiguredServerScenario() {}

    /** Runs {@link OnTheServer} through the JUnit launcher with {@code url} configured, and checks what it left. */
    public static void run(String url) {
        configured = url;
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectClass(OnTheServer.class))
                                .configurationParameter(ToozExtension.URL_PROPERTY, url)
                                .configurationParameter("tooz.tck.scenario", url)
                                .build(),
                        listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.getFailures().forEach(f -> f.getException().printStackTrace());
        assertThat(summary.getTotalFailureCount()).isZero();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        try (Coordinator outside = Coordinator.builder(url)
                .option("namespace", namespace)
                .option("timeout", 2)
                .build()) {
            outside.start();
            assertThat(outside.getGroups().get())
                    .as("groups of the class deleted after it")
                    .isEmpty();
        }
    }

    /** Whether the launcher of {@link #run} runs the class (never when a build's test scan finds it). */
    static boolean launched(ExtensionContext context) {
        return context.getConfigurationParameter("tooz.tck.scenario").isPresent();
    }

    /** The users' test class of the scenario. */
    @ToozTest
    @EnabledIf("io.tooz.tck.ConfiguredServerScenario#launched")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class OnTheServer {
        @Test
        @Order(1)
        void aCutOffHolderLosesItsLease(Coordinator holder, Coordinator other, ToozFaults faults, ToozBackend backend) {
            assertThat(backend.url()).isEqualTo(configured);
            namespace = backend.namespace().orElseThrow();
            holder.joinGroupCreate("workers");
            LockLease lease = holder.getLock("report").acquire(Duration.ofSeconds(5));
            faults.cutOff(holder);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> lease.lost().toCompletableFuture().isDone());
            try (LockLease taken = other.getLock("report").acquire(Duration.ofSeconds(15))) {
                assertThat(taken.fencingToken()).isGreaterThan(lease.fencingToken());
            }
        }

        @Test
        @Order(2)
        void findsNothingOfTheFirstTest(Coordinator c) {
            assertThat(c.getGroups().get()).isEmpty();
        }
    }
}
