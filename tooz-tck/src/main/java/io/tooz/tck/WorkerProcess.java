package io.tooz.tck;

import io.tooz.Coordinator;
import io.tooz.CoordinatorBuilder;
import io.tooz.schedule.PeriodicScheduler;
import io.tooz.schedule.TaskRun;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

/**
 * A periodic-task worker in a JVM of its own, for tests that freeze it ({@code SIGSTOP}) or kill it: it runs tasks
 * {@code task-0..task-N-1} of a group and says {@code RUN <task> <period> <fencing token> <claim token> <late>} for
 * each run; it closes the scheduler and exits when its standard input closes. Its log goes to a file.
 */
// close() waits for the child JVM to exit, so it may be interrupted; the tests that use it declare that
@SuppressWarnings("try")
public final class WorkerProcess extends JvmProcess {
    private final String memberId;
    private final List<TaskRun> runs = new CopyOnWriteArrayList<>();

    private WorkerProcess(List<String> args, String memberId, Path log) {
        super(20);
        this.memberId = memberId;
        launch(WorkerProcess.class, args, log, this::parse);
    }

    /** Starts worker {@code memberId} of {@code group} on {@code url} with driver {@code options}; log to {@code log}. */
    public static WorkerProcess start(
            String url,
            Map<String, String> options,
            String memberId,
            String group,
            int tasks,
            Duration period,
            Path log) {
        return new WorkerProcess(
                ChildJvm.withOptions(
                        options, url, memberId, group, Integer.toString(tasks), Long.toString(period.toMillis())),
                memberId,
                log);
    }

    private void parse(String line) {
        String[] f = line.split(" ");
        if (f.length == 6 && f[0].equals("RUN")) {
            runs.add(new TaskRun(
                    f[1],
                    Long.parseLong(f[2]),
                    Instant.EPOCH,
                    Duration.ZERO,
                    Long.parseLong(f[3]),
                    Long.parseLong(f[4]),
                    memberId,
                    Boolean.parseBoolean(f[5])));
        }
    }

    /** The runs the worker reported so far. */
    public List<TaskRun> runs() {
        return List.copyOf(runs);
    }

    /** The worker: {@code URL MEMBER GROUP TASKS PERIOD_MS [OPTION=VALUE...]}. */
    public static void main(String[] args) throws IOException {
        CoordinatorBuilder b = ChildJvm.builder(args, 5);
        List<String> ids = IntStream.range(0, Integer.parseInt(args[3]))
                .mapToObj(i -> "task-" + i)
                .toList();
        try (Coordinator c = b.build()) {
            c.start();
            PeriodicScheduler s = PeriodicScheduler.builder(c, args[2])
                    .tasks(() -> ids, Duration.ofMillis(Long.parseLong(args[4])), run -> {})
                    .listener((run, took, failure) -> say("RUN " + run.taskId() + " " + run.period() + " "
                            + run.fencingToken() + " " + run.claimToken() + " " + run.late()))
                    .build();
            s.start();
            while (System.in.read() >= 0) {
                // until the test closes our stdin
            }
            s.close();
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
