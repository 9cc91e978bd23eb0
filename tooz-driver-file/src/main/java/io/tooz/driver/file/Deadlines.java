package io.tooz.driver.file;

/** Deadlines on {@link System#nanoTime()}; {@link Long#MAX_VALUE} is none. */
final class Deadlines {
    static final long NONE = Long.MAX_VALUE;

    private Deadlines() {}

    static long after(long timeoutNanos) {
        return timeoutNanos >= NONE / 4 ? NONE : System.nanoTime() + timeoutNanos;
    }

    /** Nanoseconds left; {@link Long#MAX_VALUE} without a deadline; 0 or less when passed. */
    static long left(long deadline) {
        return deadline == NONE ? Long.MAX_VALUE : deadline - System.nanoTime();
    }
}
