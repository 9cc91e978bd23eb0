package io.tooz.schedule;

/** Where a worker's threads wait while it is stalled ({@code Faults.stall}); open for good once it stops. */
final class StallGate {
    private boolean stalled;
    private boolean stopped;

    synchronized void stall(boolean stall) {
        stalled = stall;
        notifyAll();
    }

    synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    /** Waits while stalled; returns at once if interrupted (the flag stays set). */
    synchronized void pass() {
        while (stalled && !stopped) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
