package io.tooz.spi;

import io.tooz.Coordinator;
import io.tooz.internal.ClaimsFacetSource;

/**
 * The claim ledger ({@link DriverClaims}) behind a started coordinator, for code that exercises a driver's ledger
 * directly: the TCK's claim contract and the benchmarks. Applications do not need it; the periodic scheduler ({@code
 * io.tooz.schedule}) reaches the ledger this way.
 */
public final class ClaimLedgers {
    private ClaimLedgers() {}

    /**
     * The claim ledger of {@code coordinator}'s driver.
     *
     * @throws IllegalArgumentException if the coordinator was not built by {@link Coordinator#builder(String)}
     * @throws io.tooz.UnsupportedFeatureException if the driver keeps no ledger (no {@link
     *     io.tooz.Feature#PERIODIC_TASKS})
     * @throws io.tooz.ToozException if the coordinator is not started
     */
    public static DriverClaims of(Coordinator coordinator) {
        if (coordinator instanceof ClaimsFacetSource source) {
            return source.claimsFacet();
        }
        throw new IllegalArgumentException("not a coordinator built by Coordinator.builder(): " + coordinator);
    }
}
