package io.tooz.tck;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A tooz member in a JVM of its own, for tests that freeze it ({@code SIGSTOP}) or kill it: it joins a group
 * (creating it), takes a lock, says {@code READY <fencing token>}, says {@code LOST <reason>} if the lease is lost,
 * and exits when its standard input closes. Its log goes to a file.
 */
// close() waits for the child JVM to exit, so it may be interrupted; the tests that use it declare that
@SuppressWarnings("try")
public final class MemberProcess extends JvmProcess {
    private final BlockingQueue<String> said = new LinkedBlockingQueue<>();

    private MemberProcess(String url, String memberId, String group, String lock, Path log) {
        super(10);
        launch(MemberProcess.class, List.of(url, memberId, group, lock), log, said::add);
    }

    /** Starts the member {@code memberId} on {@code url}; its stderr (the log) goes to {@code log}. */
    public static MemberProcess start(String url, String memberId, String group, String lock, Path log) {
        return new MemberProcess(url, memberId, group, lock, log);
    }

    /** The next line the member says, or {@code null} after {@code timeout}. */
    public String nextLine(Duration timeout) throws InterruptedException {
        return said.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The member: {@code URL MEMBER GROUP LOCK}. */
    public static void main(String[] args) throws IOException {
        try (Coordinator c = Coordinator.builder(args[0]).memberId(args[1]).build()) {
            c.start();
            c.joinGroupCreate(args[2]);
            LockLease lease = c.getLock(args[3]).acquire();
            lease.lost().thenAccept(reason -> say("LOST " + reason));
            say("READY " + lease.fencingToken());
            while (System.in.read() >= 0) {
                // until the test closes our stdin
            }
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
