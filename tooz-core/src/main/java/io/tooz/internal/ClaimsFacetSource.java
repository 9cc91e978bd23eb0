package io.tooz.internal;

import io.tooz.spi.DriverClaims;

/** A coordinator that reaches its driver's claim ledger; how {@link io.tooz.spi.ClaimLedgers} finds it. */
public interface ClaimsFacetSource {
    /**
     * The driver's claim ledger.
     *
     * @throws io.tooz.UnsupportedFeatureException if the driver keeps none
     * @throws io.tooz.ToozException if the coordinator is not started
     */
    DriverClaims claimsFacet();
}
