package io.tooz.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Work that runs only while this instance leads a group: the instance runs for the group's leadership (tooz's leader
 * election: {@code watchElectedAsLeader}) from the context's start to its stop.
 *
 * <ul>
 *   <li><b>On a method</b> of a bean: each time this instance is elected, the method is called on a thread of its own
 *       ({@code tooz-leader-GROUP}); when the leadership ends (lost, stood down, the context stopping), that thread is
 *       interrupted and {@link Leadership#isHeld()} turns false. The method should return then; while it runs on
 *       after its leadership ended, the {@code tooz} health contributor reports {@code OUT_OF_SERVICE}. It may take
 *       no parameter or a {@link Leadership}: the group, the term (the leadership's fencing token) and whether it is
 *       still held. It is called once per term: returning early ends this term's work.
 *   <li><b>On a {@code Lifecycle} bean</b> (for example a {@code SmartLifecycle} whose {@code isAutoStartup()} is
 *       false, so that the context does not start it itself): its {@code start()} is called when this instance is
 *       elected and its {@code stop()} when the leadership ends.
 * </ul>
 *
 * <p>Guarantee: the work starts only after this instance was elected, and is told to stop as soon as the coordinator
 * hears the leadership ended: before another member can be elected when the lease is lost (the core's lease deadline),
 * or when this member stands down or stops. A thread that ignores the interrupt keeps running, so pass {@link
 * Leadership#term()} along with the leader's writes, and have the store refuse a term lower than one it has seen.
 * Callbacks run on the coordinator's dispatcher thread, so {@code tooz.watch-mode} must be {@code auto} (checked at
 * startup). The group is created if missing. May be a {@code ${...}} placeholder.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WhileLeader {
    /** The group whose leadership this work needs. */
    String value();
}
