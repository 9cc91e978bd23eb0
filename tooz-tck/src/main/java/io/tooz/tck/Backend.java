package io.tooz.tck;

import io.tooz.Feature;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What the backend of a driver's contract test has, declared on the test class, which implements {@link
 * ToozContract}. The test runs exactly the contracts whose {@link Needs} the declaration meets; the others are left
 * out of discovery (never reported as skipped), and {@link RegistrationContract} checks that the driver reports
 * exactly the declared features, so a declaration can neither leave out a contract for a feature the driver has nor
 * claim one it lacks.
 *
 * <pre>{@code
 * @ServerTest
 * @Backend(lacks = Feature.NATIVE_WATCH, offers = Offer.PROXY)
 * class MemcachedContractTest implements ToozContract {
 *     private final DriverFixture fixture = DriverFixture.of(
 *             "memcached://127.0.0.1:11211", Duration.ofSeconds(2), Map.of("timeout", "2"));
 *
 *     public DriverFixture fixture() {
 *         return fixture;
 *     }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Backend {
    /** The features the driver lacks; it declares every other {@link Feature}. */
    Feature[] lacks() default {};

    /** What the test's setup offers beyond the driver's features (each implies the ones before it). */
    Offer[] offers() default {};

    /** Whether the claim ledger reads the backend's clock ({@link io.tooz.spi.DriverClaims#currentTimeMillis()}). */
    boolean clock() default false;
}
