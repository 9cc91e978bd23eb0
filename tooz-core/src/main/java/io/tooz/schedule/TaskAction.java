package io.tooz.schedule;

/** The work of a task for one period. An exception counts the run as failed; the next period runs again. */
@FunctionalInterface
public interface TaskAction {
    /** Runs the task; {@code run} says which task, which period and the claim's fencing token. */
    void run(TaskRun run);
}
