package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.DoubleBarrier;
import io.tooz.Feature;
import io.tooz.GateBarrier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Gate and double barriers ({@link io.tooz.Feature#BARRIERS}): a gate blocks waiters while set and lets them through
 * once anyone removes it; a double barrier lets nobody past {@code enter} before all members entered, and nobody past
 * {@code leave} before all left. A Java addition (Curator's barrier recipes); tooz has no barrier tests.
 */
@Needs(features = Feature.BARRIERS)
public interface BarrierContract extends ContractSupport {

    @Test
    default void gateBlocksUntilRemovedByAnotherCoordinator() throws Exception {
        String name = "tck-gate-" + randomLockName();
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        GateBarrier gate1 = c1.getGateBarrier(name);
        GateBarrier gate2 = c2.getGateBarrier(name);
        assertThat(gate1.name()).isEqualTo(name);
        assertThat(gate2.isSet()).isFalse();
        assertThat(gate2.await(Duration.ofMillis(100)))
                .as("an unset gate is open")
                .isTrue();

        gate1.set();
        gate1.set();
        assertThat(gate2.isSet()).isTrue();
        assertThat(gate1.await(Duration.ofMillis(300))).as("set gate times out").isFalse();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(
                () -> newCoordinator().getGateBarrier(name).await(eventTimeout()));
        assertStaysTrue(() -> !waiter.isDone());

        gate2.remove();
        assertThat(waiter.get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(gate1.await(eventTimeout())).isTrue();
        assertThat(gate1.isSet()).isFalse();
        gate2.remove();
        assertThat(gate2.isSet()).as("removing an open gate is harmless").isFalse();
    }

    @Test
    default void doubleBarrierEnterWaitsForAllAndLeaveWaitsForAll() throws Exception {
        String name = "tck-dbarrier-" + randomLockName();
        List<DoubleBarrier> barriers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            barriers.add(newCoordinator().getDoubleBarrier(name, 3));
        }
        assertThat(barriers.get(0).memberCount()).isEqualTo(3);
        assertThat(barriers.get(0).name()).isEqualTo(name);

        List<CompletableFuture<Boolean>> entered = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            DoubleBarrier b = barriers.get(i);
            entered.add(
                    CompletableFuture.supplyAsync(() -> b.enter(eventTimeout().multipliedBy(2))));
        }
        assertStaysTrue(() -> entered.stream().noneMatch(CompletableFuture::isDone));
        entered.add(CompletableFuture.supplyAsync(() -> barriers.get(2).enter(eventTimeout())));
        for (CompletableFuture<Boolean> f : entered) {
            assertThat(f.get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        }

        List<CompletableFuture<Boolean>> left = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            DoubleBarrier b = barriers.get(i);
            left.add(CompletableFuture.supplyAsync(() -> b.leave(eventTimeout().multipliedBy(2))));
        }
        assertStaysTrue(() -> left.stream().noneMatch(CompletableFuture::isDone));
        left.add(CompletableFuture.supplyAsync(() -> barriers.get(2).leave(eventTimeout())));
        for (CompletableFuture<Boolean> f : left) {
            assertThat(f.get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        }
    }

    @Test
    default void doubleBarrierEnterTimesOutWithoutEnoughMembers() {
        DoubleBarrier b = newCoordinator().getDoubleBarrier("tck-dbarrier-" + randomLockName(), 2);
        assertThat(b.enter(Duration.ofMillis(300))).isFalse();
        assertThat(b.leave(eventTimeout()))
                .as("alone, leaving empties the barrier")
                .isTrue();
    }
}
