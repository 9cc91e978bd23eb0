package io.tooz.tck;

import io.tooz.Feature;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a contract needs from a {@link Backend} declaration: a driver test runs the contract's tests exactly when it
 * declares all of these features and offers. A contract without it runs for every driver.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Needs {
    /** The features the contract tests or uses. */
    Feature[] features() default {};

    /** What the contract needs of the test's setup. */
    Offer[] offers() default {};
}
