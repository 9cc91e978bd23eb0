package io.tooz;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The result of an asynchronous coordinator operation (tooz {@code CoordAsyncResult}).
 *
 * <p>Operations submitted to one coordinator complete in submission order: a {@code joinGroup} submitted before a
 * {@code getMemberCapabilities} is applied first even if the caller does not wait for it.
 *
 * <p>{@link #get()} and {@link #get(Duration)} rethrow the operation's failure as the original {@link ToozException}
 * subclass (for example {@link GroupNotCreatedException}), not wrapped in an {@code ExecutionException}. A caller
 * interrupted while waiting gets a {@link ToozException} and the thread's interrupt flag stays set.
 *
 * @param <T> the result type
 */
public interface CoordFuture<T> extends CompletionStage<T> {

    /** Waits for the result without a time limit. */
    T get();

    /**
     * Waits at most {@code timeout} for the result.
     *
     * @throws OperationTimedOutException if the operation has not completed in time; the operation itself goes on
     */
    T get(Duration timeout);

    /** Whether the operation has completed, normally or not. */
    boolean isDone();
}
