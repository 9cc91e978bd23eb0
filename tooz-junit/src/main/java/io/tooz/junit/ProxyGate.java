package io.tooz.junit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The partition switch of a {@link BlackHoleProxy}, shared by all its pumps: while it is partitioned, pumps neither
 * read nor write, and {@link #partition} waits for writes already under way so that nothing is forwarded once it
 * returns. Pumps block on this object's monitor, never spin.
 */
final class ProxyGate {
    private boolean partitioned;
    private boolean closed;
    private int writing;

    ProxyGate(boolean partitioned) {
        this.partitioned = partitioned;
    }

    synchronized boolean partitioned() {
        return partitioned;
    }

    /** Stops forwarding, then waits at most {@code drain} for writes that passed the gate earlier. */
    synchronized void partition(Duration drain) {
        partitioned = true;
        long deadline = System.nanoTime() + drain.toNanos();
        while (writing > 0 && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    synchronized void heal() {
        partitioned = false;
        notifyAll();
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Wakes the pumps so that they look again at whether their pair was closed. */
    synchronized void wakeAll() {
        notifyAll();
    }

    /** Blocks while partitioned; {@code false} once the proxy or the pair ({@code pairClosed}) is closed. */
    synchronized boolean awaitOpen(BooleanSupplier pairClosed) throws InterruptedException {
        while (partitioned && !closed && !pairClosed.getAsBoolean()) {
            wait();
        }
        return !closed && !pairClosed.getAsBoolean();
    }

    /** {@link #awaitOpen}, then counts a write in progress until {@link #endWrite()}. */
    synchronized boolean beginWrite(BooleanSupplier pairClosed) throws InterruptedException {
        if (!awaitOpen(pairClosed)) {
            return false;
        }
        writing++;
        return true;
    }

    synchronized void endWrite() {
        writing--;
        notifyAll();
    }
}
