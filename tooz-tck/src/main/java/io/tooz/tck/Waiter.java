package io.tooz.tck;

import io.tooz.LockLease;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/** An acquisition running on a daemon thread of its own, for contracts that check who is granted when. */
final class Waiter {
    private final String what;
    private final CompletableFuture<TimedCall<LockLease>> call;

    private Waiter(String what, CompletableFuture<TimedCall<LockLease>> call) {
        this.what = what;
        this.call = call;
    }

    /** Starts {@code acquire}; {@code what} names it in failures. */
    static Waiter start(String what, Supplier<LockLease> acquire) {
        return new Waiter(what, TimedCall.start("tck-waiter", acquire));
    }

    /** Whether the acquisition has ended, granted or not. */
    boolean done() {
        return call.isDone();
    }

    /** The lease granted within {@code atMost}; fails if the acquisition threw or was still waiting. */
    LockLease granted(Duration atMost) {
        return TimedCall.await(call, atMost, what).valueOrFail(what);
    }

    /** What the acquisition threw within {@code atMost}; fails if it was granted or was still waiting. */
    Throwable failure(Duration atMost) {
        TimedCall<LockLease> ended = TimedCall.await(call, atMost, what);
        if (ended.failure() == null) {
            throw new AssertionError(
                    what + " was granted (token " + ended.value().fencingToken() + ") where it should have failed");
        }
        return ended.failure();
    }

    /** Checks that none of {@code waiters} ends for the fixture's quiet period. */
    static void assertWaiting(ContractSupport tck, Waiter... waiters) {
        try {
            tck.assertStaysTrue(() -> Stream.of(waiters).noneMatch(Waiter::done));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(describeEnded(waiters) + " while it should have waited", e);
        }
    }

    /** Checks that none of {@code waiters} has ended now. */
    static void assertNoneEnded(Waiter... waiters) {
        if (Stream.of(waiters).anyMatch(Waiter::done)) {
            throw new AssertionError(describeEnded(waiters) + " while it should still wait");
        }
    }

    private static String describeEnded(Waiter... waiters) {
        return Stream.of(waiters)
                .filter(Waiter::done)
                .map(w -> w.what + " " + w.call.join().describe())
                .collect(Collectors.joining("; "));
    }
}
