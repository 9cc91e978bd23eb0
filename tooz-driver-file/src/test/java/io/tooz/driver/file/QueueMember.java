package io.tooz.driver.file;

import io.tooz.Coordinator;
import io.tooz.internal.hooks.CoreHooks;
import io.tooz.spi.DriverLockQueues;
import io.tooz.spi.LockId;
import java.io.IOException;

/**
 * A process of its own that makes one queue entry and keeps it until its standard input closes or it is killed:
 * {@code URL MEMBER KIND NAME TAG}; says {@code SEQ <sequence>} once the entry is made.
 */
final class QueueMember {
    private QueueMember() {}

    public static void main(String[] args) throws IOException {
        try (Coordinator c = Coordinator.builder(args[0]).memberId(args[1]).build()) {
            c.start();
            DriverLockQueues queues = CoreHooks.driver(c).facets().lockQueues();
            LockId id = new LockId(LockId.Kind.valueOf(args[2]), args[3]);
            long sequence = queues.enqueue(id, args[1], args[4]).lease().fencingToken();
            System.out.println("SEQ " + sequence);
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes our stdin, or kills us
            }
        }
    }

    /** Starts one; returns once it said its sequence. */
    static Started start(String url, String member, LockId id, String tag) throws IOException {
        Process p = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        QueueMember.class.getName(),
                        url,
                        member,
                        id.kind().name(),
                        id.name(),
                        tag)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
        if (line == null || !line.startsWith("SEQ ")) {
            p.destroyForcibly();
            throw new IOException("the queue member said " + line);
        }
        return new Started(p, Long.parseLong(line.substring(4)));
    }

    /** A started member and the sequence of its entry. */
    record Started(Process process, long sequence) {}
}
