package io.tooz.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.ToozException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClaimLedgersTest {

    @Test
    void reachesTheLedgerOfAStartedCoordinator() {
        String ns = "ns-" + UUID.randomUUID();
        try (Coordinator c = Coordinator.builder("memory://ledgers-" + ns).build()) {
            assertThatThrownBy(() -> ClaimLedgers.of(c))
                    .isInstanceOf(ToozException.class)
                    .hasMessageContaining("not started");
            c.start();
            DriverClaims ledger = ClaimLedgers.of(c);
            assertThat(ledger.claim(ns, 0, List.of("t"), c.memberId(), Duration.ofMinutes(1)))
                    .containsOnlyKeys("t");
            assertThat(ClaimLedgers.of(c).read(ns, 0, "t"))
                    .map(DriverClaims.Claim::holder)
                    .contains(c.memberId());
        }
    }

    @Test
    void refusesACoordinatorTheBuilderDidNotMake() {
        Coordinator other = (Coordinator) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Coordinator.class}, (p, m, a) -> "other");
        assertThatThrownBy(() -> ClaimLedgers.of(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Coordinator.builder()");
    }
}
