/**
 * Micrometer metrics for tooz: {@link io.tooz.micrometer.ToozMetrics} observes coordinators ({@link
 * io.tooz.CoordinatorBuilder#observer}) and periodic schedulers, and binds their meters to a {@code MeterRegistry}.
 *
 * <pre>{@code
 * ToozMetrics metrics = ToozMetrics.forUrl(url);
 * Coordinator coordinator = Coordinator.builder(url).observer(metrics).build();
 * metrics.bindTo(registry);
 * }</pre>
 */
@NullMarked
package io.tooz.micrometer;

import org.jspecify.annotations.NullMarked;
