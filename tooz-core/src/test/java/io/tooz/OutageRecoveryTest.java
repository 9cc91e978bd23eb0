package io.tooz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.internal.hooks.CoreHooks;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An outage fails operations with ToozConnectionException; the coordinator recovers without help. */
class OutageRecoveryTest {
    private final String name = "outage-" + UUID.randomUUID();

    @Test
    void operationsFailDuringAnOutageAndWorkAfterIt() {
        try (Coordinator c =
                Coordinator.builder("memory://" + name).memberId("m").build()) {
            c.start();
            c.joinGroupCreate("g");
            CoreHooks.setMemoryBackendAvailable(name, false);
            try {
                assertThatThrownBy(() -> c.getMembers("g").get())
                        .isInstanceOf(ToozConnectionException.class)
                        .hasMessageContaining(name);
                assertThatThrownBy(() -> c.getLock("l").tryAcquire()).isInstanceOf(ToozConnectionException.class);
                assertThatThrownBy(c::heartbeat).isInstanceOf(ToozConnectionException.class);
            } finally {
                CoreHooks.setMemoryBackendAvailable(name, true);
            }
            assertThat(c.getMembers("g").get()).containsExactly("m");
            try (LockLease lease = c.getLock("l").acquire(Duration.ofSeconds(1))) {
                assertThat(lease.isStillOwner()).isTrue();
            }
        }
    }

    @Test
    void startFailsWhileTheBackendIsDown() {
        Coordinator c = Coordinator.builder("memory://" + name).build();
        CoreHooks.setMemoryBackendAvailable(name, false);
        try {
            assertThatThrownBy(c::start).isInstanceOf(ToozConnectionException.class);
            assertThat(c.isStarted()).isFalse();
        } finally {
            CoreHooks.setMemoryBackendAvailable(name, true);
        }
        c.start();
        assertThat(c.isStarted()).isTrue();
        c.close();
    }
}
