package io.tooz.cli;

import io.tooz.Coordinator;
import io.tooz.schedule.PeriodicScheduler;
import io.tooz.schedule.WorkerStats;

/** One worker of the demo: its own coordinator (own session) and scheduler, and what became of it. */
final class DemoWorker {
    enum State {
        RUNNING,
        LEFT,
        KILLED
    }

    final String name;
    final Coordinator coordinator;
    final PeriodicScheduler scheduler;
    volatile State state = State.RUNNING;

    DemoWorker(String name, Coordinator coordinator, PeriodicScheduler scheduler) {
        this.name = name;
        this.coordinator = coordinator;
        this.scheduler = scheduler;
    }

    String memberId() {
        return coordinator.memberId();
    }

    WorkerStats stats() {
        return scheduler.stats();
    }

    boolean running() {
        return state == State.RUNNING;
    }

    /** Ends the worker at the end of the demo; a killed one only has its coordinator closed. */
    void closeQuietly() {
        try {
            if (state == State.RUNNING) {
                scheduler.close();
                state = State.LEFT;
            }
        } catch (RuntimeException e) {
            // ending anyway
        }
        try {
            coordinator.close();
        } catch (RuntimeException e) {
            // a killed session may fail to close cleanly
        }
    }
}
