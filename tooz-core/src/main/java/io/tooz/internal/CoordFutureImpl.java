package io.tooz.internal;

import io.tooz.CoordFuture;
import io.tooz.OperationTimedOutException;
import io.tooz.ToozException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A future only the core can complete; {@code get} rethrows the operation's own {@link ToozException}. */
final class CoordFutureImpl<T> extends CompletableFuture<T> implements CoordFuture<T> {
    private final String operation;

    CoordFutureImpl(String operation) {
        this.operation = operation;
    }

    static <T> CoordFutureImpl<T> failed(String operation, Throwable error) {
        CoordFutureImpl<T> f = new CoordFutureImpl<>(operation);
        f.fail(error);
        return f;
    }

    void succeed(T value) {
        super.complete(value);
    }

    void fail(Throwable error) {
        super.completeExceptionally(error);
    }

    @Override
    public boolean complete(T value) {
        throw new UnsupportedOperationException("a CoordFuture is completed by the coordinator only");
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        throw new UnsupportedOperationException("a CoordFuture is completed by the coordinator only");
    }

    @Override
    public void obtrudeValue(T value) {
        throw new UnsupportedOperationException("a CoordFuture is completed by the coordinator only");
    }

    @Override
    public void obtrudeException(Throwable ex) {
        throw new UnsupportedOperationException("a CoordFuture is completed by the coordinator only");
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public T get() {
        try {
            return super.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToozException("interrupted while waiting for " + operation, e);
        } catch (ExecutionException e) {
            throw Errors.unwrap(e, operation);
        }
    }

    @Override
    public T get(Duration timeout) {
        try {
            return super.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToozException("interrupted while waiting for " + operation, e);
        } catch (ExecutionException e) {
            throw Errors.unwrap(e, operation);
        } catch (TimeoutException e) {
            throw new OperationTimedOutException(operation + " did not complete within " + timeout, e);
        }
    }

    @Override
    public String toString() {
        return "CoordFuture[" + operation + (isDone() ? ", done]" : "]");
    }
}
