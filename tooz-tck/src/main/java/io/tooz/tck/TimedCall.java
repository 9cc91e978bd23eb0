package io.tooz.tck;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How a call or a signal ended, with {@link System#nanoTime()} stamps, for contracts that compare when two things
 * happened: its value or failure, when it started and when it ended.
 */
record TimedCall<T>(T value, Throwable failure, long startNanos, long endNanos) {

    /** Runs {@code call} on a daemon thread of its own; the future completes (never exceptionally) when it ends. */
    static <T> CompletableFuture<TimedCall<T>> start(String threadName, Supplier<T> call) {
        CompletableFuture<TimedCall<T>> done = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    long start = System.nanoTime();
                    try {
                        T value = call.get();
                        done.complete(new TimedCall<>(value, null, start, System.nanoTime()));
                    } catch (Throwable e) {
                        done.complete(new TimedCall<>(null, e, start, System.nanoTime()));
                    }
                },
                threadName);
        t.setDaemon(true);
        t.start();
        return done;
    }

    /** Stamps the completion of {@code stage} on the thread that completes it. */
    static <T> CompletableFuture<TimedCall<T>> of(CompletionStage<T> stage) {
        long start = System.nanoTime();
        return stage.handle((v, e) -> new TimedCall<>(v, e, start, System.nanoTime()))
                .toCompletableFuture();
    }

    /** A signal (a watcher callback) that happened now. */
    static <T> TimedCall<T> now(T value) {
        long now = System.nanoTime();
        return new TimedCall<>(value, null, now, now);
    }

    /** The outcome if it arrives within {@code atMost}, else {@code null}; keeps the interrupt flag. */
    static <T> TimedCall<T> within(CompletableFuture<TimedCall<T>> future, Duration atMost) {
        try {
            return future.get(atMost.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        } catch (ExecutionException e) {
            throw new AssertionError("a timed call never completes exceptionally", e);
        }
    }

    /** The outcome within {@code atMost}; fails naming {@code what} otherwise. */
    static <T> TimedCall<T> await(CompletableFuture<TimedCall<T>> future, Duration atMost, String what) {
        TimedCall<T> call = within(future, atMost);
        if (call == null) {
            throw new AssertionError(what + " had not ended after " + atMost.toMillis() + " ms");
        }
        return call;
    }

    /** The value; fails naming {@code what} and the elapsed time if the call threw. */
    T valueOrFail(String what) {
        if (failure != null) {
            throw new AssertionError(what + " failed after " + elapsed().toMillis() + " ms", failure);
        }
        return value;
    }

    /** How long the call took. */
    Duration elapsed() {
        return Duration.ofNanos(endNanos - startNanos);
    }

    /** Milliseconds from {@code fromNanos} to when this ended; negative if it ended before. */
    long endedMillisAfter(long fromNanos) {
        return TimeUnit.NANOSECONDS.toMillis(endNanos - fromNanos);
    }

    /** The value or the failure, for messages. */
    String describe() {
        return failure != null ? "threw " + failure : "returned " + value;
    }
}
