package io.tooz.internal;

import io.tooz.ToozException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a growing pause (20 ms up to 200 ms); for barriers, which watch group state. */
final class Polling {
    private Polling() {}

    static boolean until(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        long pause = 20;
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToozException("interrupted while waiting for " + what, e);
            }
            pause = Math.min(200, pause * 2);
        }
    }
}
