package io.tooz.cli;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.partition.Partitioner;
import io.tooz.spi.ConnectionUrl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;

/**
 * A self-contained tour on {@code memory://demo}: three members join a partitioned group with weights, one is elected
 * leader, each takes a lock in turn, the leader stops, another is elected, and keys move on the hash ring.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run three coordinators in this process: partitioned group with weights, leader election and failover,"
                    + " a lock taken in turn with fencing tokens, hash ring ownership before and after a member"
                    + " leaves. Uses memory://demo unless --url is given explicitly; text output only."
        })
final class DemoCommand extends CoordinatorCommand {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int KEYS = 10;

    @Override
    public Integer call() throws InterruptedException {
        long started = System.nanoTime();
        String url = options().urlGiven() ? options().url() : "memory://demo";
        // On a shared backend, random names keep concurrent demos apart.
        String suffix = options().urlGiven()
                ? "-"
                        + HexFormat.of()
                                .toHexDigits((short) ThreadLocalRandom.current().nextInt())
                : "";
        String group = "demo-workers" + suffix;
        String lockName = "demo-lock" + suffix;
        List<Coordinator> members = new ArrayList<>();
        List<Partitioner> partitioners = new ArrayList<>();
        BlockingQueue<String> elected = new LinkedBlockingQueue<>();
        try {
            println("tooz demo on " + ConnectionUrl.redact(url) + ": group " + group + ", lock " + lockName);
            for (int i = 0; i < 3; i++) {
                Coordinator c = build(url, "demo-" + (char) ('a' + i) + suffix);
                members.add(c);
                c.start();
                partitioners.add(c.joinPartitionedGroup(group, i + 1, 32));
                println("  " + c.memberId() + " joined " + group + " with weight " + (i + 1));
            }
            for (Coordinator c : members) {
                c.watchElectedAsLeader(group, e -> elected.add(e.memberId()));
            }
            String leader = awaitLeader(elected);
            if (leader == null) {
                return fail("demo: no leader elected within " + WAIT.toSeconds() + "s");
            }
            println("leader: " + leader + " was elected leader of " + group);

            println("locks: each member takes " + lockName + " in turn");
            for (Coordinator c : members) {
                try (LockLease lease = c.getLock(lockName).acquire(WAIT)) {
                    println("  " + c.memberId() + " holds " + lockName + ", fencing token " + lease.fencingToken());
                }
            }

            int survivor = leader.equals(members.get(0).memberId()) ? 1 : 0;
            Partitioner ring = partitioners.get(survivor);
            if (!await(() -> ring.members().size() == 3)) {
                return fail("demo: the partitioner did not see all three members within " + WAIT.toSeconds() + "s");
            }
            List<String> before = owners(ring);
            println("hash ring: owners of " + KEYS + " keys with " + ring.members());
            for (int k = 0; k < KEYS; k++) {
                println("  key-" + k + "  " + before.get(k));
            }

            Coordinator old = members.stream()
                    .filter(c -> c.memberId().equals(leader))
                    .findFirst()
                    .orElseThrow();
            println("failover: leader " + leader + " stops");
            old.stop();
            String next = awaitLeader(elected);
            if (next == null) {
                return fail(
                        "demo: no new leader elected within " + WAIT.toSeconds() + "s after " + leader + " stopped");
            }
            println("  " + next + " was elected leader of " + group);

            if (!await(() -> !ring.members().containsKey(leader))) {
                return fail("demo: the partitioner still lists " + leader + " after " + WAIT.toSeconds() + "s");
            }
            List<String> after = owners(ring);
            println("hash ring: owners after " + leader + " left, with " + ring.members());
            for (int k = 0; k < KEYS; k++) {
                String moved = after.get(k).equals(before.get(k)) ? "" : "  (moved from " + before.get(k) + ")";
                println("  key-" + k + "  " + after.get(k) + moved);
            }
        } finally {
            members.forEach(Coordinator::close);
        }
        println(String.format("done in %.1fs", (System.nanoTime() - started) / 1e9));
        return ExitCodes.OK;
    }

    private static List<String> owners(Partitioner ring) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            out.add(String.join(",", ring.membersForObject("key-" + k)));
        }
        return out;
    }

    private static String awaitLeader(BlockingQueue<String> elected) throws InterruptedException {
        return elected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
