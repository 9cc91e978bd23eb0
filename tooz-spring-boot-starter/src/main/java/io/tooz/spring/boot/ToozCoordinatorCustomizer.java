package io.tooz.spring.boot;

import io.tooz.CoordinatorBuilder;

/**
 * Adjusts the auto-configured coordinator's builder after the {@code tooz.*} properties were applied and before it is
 * built and started: another auto-configuration adds an observer (metrics), an application requires characteristics or
 * sets typed options. Every bean of this type is applied, in {@link org.springframework.core.Ordered} order.
 *
 * <pre>{@code
 * @Bean
 * ToozCoordinatorCustomizer linearizable() {
 *     return builder -> builder.requireCharacteristics(Characteristic.LINEARIZABLE);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ToozCoordinatorCustomizer {
    /** Changes {@code builder}; called once, on the thread creating the coordinator bean. */
    void customize(CoordinatorBuilder builder);
}
