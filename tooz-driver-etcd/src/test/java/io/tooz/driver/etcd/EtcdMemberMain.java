package io.tooz.driver.etcd;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import java.io.IOException;

/**
 * A member in a process of its own, for tests that freeze it with SIGSTOP: {@code URL MEMBER GROUP LOCK}. Joins the
 * group (creating it), takes the lock, prints {@code READY <token>}, prints {@code LOST <reason>} if the lease is
 * lost, and exits when its stdin closes. Its log goes to stderr.
 */
public final class EtcdMemberMain {
    private EtcdMemberMain() {}

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
