package io.tooz.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.CoordinatorObserver;
import io.tooz.LockLease;
import java.lang.reflect.Proxy;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Facets are timed only for a coordinator with observers, and the core still sees the driver's own facets. */
class TimedFacetsTest {
    private final String url = "memory://timed-" + UUID.randomUUID();

    @Test
    void withoutObserversTheDriversFacetsAreUsedAsTheyAre() {
        try (Coordinator c = Coordinator.builder(url).build()) {
            c.start();
            DefaultCoordinator d = (DefaultCoordinator) c;
            assertThat(Proxy.isProxyClass(d.locksFacet().getClass())).isFalse();
            assertThat(Proxy.isProxyClass(d.groupsFacet().getClass())).isFalse();
        }
    }

    @Test
    void withObserversTheyAreTimedAndBreakingStillWorks() {
        try (Coordinator c = Coordinator.builder(url)
                        .observer(new CoordinatorObserver() {})
                        .build();
                Coordinator holder = Coordinator.builder(url).build()) {
            c.start();
            holder.start();
            DefaultCoordinator d = (DefaultCoordinator) c;
            assertThat(Proxy.isProxyClass(d.locksFacet().getClass())).isTrue();
            assertThat(Proxy.isProxyClass(d.lockQueuesFacet().getClass())).isTrue();
            assertThat(TimedFacets.unwrap(d.lockQueuesFacet()).getClass().getSimpleName())
                    .isEqualTo("MemoryLockQueues");
            LockLease held = holder.getReadWriteLock("rw").writeLock().acquire();
            assertThat(c.getReadWriteLock("rw").writeLock().forceBreak()).isTrue();
            assertThat(held.release()).isFalse();
            LockLease lock = holder.getLock("l").acquire();
            assertThat(c.getLock("l").forceBreak()).isTrue();
            assertThat(lock.release()).isFalse();
        }
    }
}
