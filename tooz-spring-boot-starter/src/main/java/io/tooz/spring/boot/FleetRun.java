package io.tooz.spring.boot;

import java.time.Instant;

/**
 * The run of a {@link FleetOnce} method in progress on this thread: which trigger it serves and the fencing token of
 * its claim.
 *
 * @param name the {@link FleetOnce} name
 * @param trigger the trigger: a cron fire time, or the start of a fixedRate or fixedDelay window
 * @param fencingToken {@code trigger's epoch milliseconds × 1000 + claimToken mod 1000}: for one name it rises with the
 *     trigger whatever the instances' clocks and the backend's counter, so a store can refuse a write carrying a
 *     token lower than one it has seen
 * @param claimToken the claim's own token from the backend (a counter, revision or sequence)
 * @param memberId the instance running it
 */
public record FleetRun(String name, Instant trigger, long fencingToken, long claimToken, String memberId) {
    private static final ThreadLocal<FleetRun> CURRENT = new ThreadLocal<>();

    /**
     * The run in progress on this thread.
     *
     * @throws IllegalStateException outside a {@link FleetOnce} method's run
     */
    public static FleetRun current() {
        FleetRun run = CURRENT.get();
        if (run == null) {
            throw new IllegalStateException("no @FleetOnce run in progress on this thread");
        }
        return run;
    }

    /** The fencing token of a claim of the trigger at {@code triggerMillis} whose backend token is {@code claim}. */
    static long fencingToken(long triggerMillis, long claim) {
        return Math.addExact(Math.multiplyExact(triggerMillis, 1000L), Math.floorMod(claim, 1000L));
    }

    static void enter(FleetRun run) {
        CURRENT.set(run);
    }

    static void exit() {
        CURRENT.remove();
    }
}
