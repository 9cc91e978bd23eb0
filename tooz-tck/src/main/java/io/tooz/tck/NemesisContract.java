package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.junit.BlackHoleProxy;
import io.tooz.junit.internal.Sockets;
import io.tooz.tck.LockHistory.Kind;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A randomized nemesis against every primitive at once: three contender processes ({@link ContenderProcess}), each
 * reaching the backend through a {@link BlackHoleProxy} of its own, each contending (one thread per primitive, over
 * one coordinator, as an application would) for a lock, a group's leadership, a read-write lock (either mode at
 * random) and a permit of a two-permit semaphore, acquiring, holding and releasing while a seeded nemesis
 * partitions them, freezes them with {@code SIGSTOP} and kills them with {@code SIGKILL} (and restarts and freezes
 * the backend if the fixture can). Every process stamps what it believes into one {@link LockHistory} per
 * primitive, each of which must then pass {@link LockHistory#assertSafe()}: no two believed holders of an exclusive
 * grant (no more than the permits of shared ones) except while the lower one was frozen (and then its writes are
 * fenced off), tokens in grant order, {@code lost()} before a take-over.
 *
 * <p>The nemesis picks a fault every few seconds, mostly against a holder shortly after its grant: until each kind of
 * fault has hit a holder of each primitive, always against the fresh holder of a primitive it has not yet hit with
 * that kind. A fault lasts 1.5 to 2.5 × TTL, then the nemesis waits 0.75 to 1.5 TTL so that grants change hands. It
 * stops once every kind has hit a holder of every primitive, each primitive has had its grants and {@link
 * #nemesisDuration()} has passed, and fails if that has not happened by {@link #nemesisMaxDuration()}. Contenders hold
 * for a quarter of a TTL to three TTLs, writing every 50 ms under exclusive grants. Its seed is printed; set the
 * system property {@code tooz.nemesis.seed} to replay the same choices (the processes' own timing still varies). The
 * report is printed one figure a line, prefixed {@code [nemesis]}.
 *
 * <p>For drivers that reach a server over TCP; opt-in per driver (it starts JVMs and runs for about a minute), not
 * part of {@link ToozContract}. The driver test supplies {@link #backendAddress()} as for {@link PartitionContract}.
 */
public interface NemesisContract extends ContractSupport {

    /** The backend's TCP address exactly as the fixture URL writes it: {@code getHostString() + ":" + getPort()}. */
    InetSocketAddress backendAddress();

    /** How long the nemesis runs at least: 40 s by default. */
    default Duration nemesisDuration() {
        return Duration.ofSeconds(40);
    }

    /** How long the nemesis may run to hit a holder of every primitive with every kind of fault: 110 s by default. */
    default Duration nemesisMaxDuration() {
        return Duration.ofSeconds(110);
    }

    /** How long {@link #anUnsafeClientIsCaught()} runs at most (it ends at the first overlap): 15 s by default. */
    default Duration unsafeNemesisDuration() {
        return Duration.ofSeconds(15);
    }

    /** How many grants a safe run must see at least per primitive (half of it for the leadership): 10 by default. */
    default int nemesisMinGrants() {
        return 10;
    }

    /**
     * Restarts the backend server, if the fixture can (blocking until it answers again); empty by default. With
     * it, server restarts join the nemesis's faults.
     */
    default Optional<Runnable> restartBackend() {
        return Optional.empty();
    }

    /**
     * Freezes the backend server for the given time and thaws it ({@code SIGSTOP}, then {@code SIGCONT}), if the
     * fixture runs a server of its own; empty by default. With it, server freezes join the nemesis's faults.
     */
    default Optional<java.util.function.Consumer<Duration>> freezeBackend() {
        return Optional.empty();
    }

    /** The nemesis's seed: the system property {@code tooz.nemesis.seed}, else a random one. */
    default long nemesisSeed() {
        Long fixed = Long.getLong("tooz.nemesis.seed");
        return fixed != null ? fixed : new Random().nextLong();
    }

    /** The fixture URL leading to {@code address} instead of {@link #backendAddress()}: {@link PartitionContract#urlVia}. */
    default String nemesisUrlVia(InetSocketAddress address) {
        return Sockets.urlVia(fixture().url(), backendAddress(), address);
    }

    /**
     * Locks, leaderships ("grant" being an election, the token its term, "lost" its {@code LeadershipLost}),
     * read-write locks and semaphore permits stay safe together under random faults (see the class comment).
     */
    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    default void everyPrimitiveStaysSafeUnderRandomFaults() throws Exception {
        Duration ttl = ttl();
        long seed = nemesisSeed();
        List<String> targets = List.of(
                randomLockName(),
                ContenderProcess.LEADER_PREFIX + randomGroupId(),
                ContenderProcess.READ_OR_WRITE_PREFIX + randomLockName(),
                ContenderProcess.permitsPrefix(2) + randomLockName());
        List<String> labels = List.of("lock", "leadership", "read-write lock", "semaphore");
        say("seed " + seed + " (replay with -Dtooz.nemesis.seed=" + seed + "), TTL " + ttl.toMillis() + " ms, "
                + nemesisDuration().toSeconds() + " to " + nemesisMaxDuration().toSeconds() + " s, " + targets);
        List<Kind> kinds = new ArrayList<>(List.of(Kind.PARTITION, Kind.STOP, Kind.KILL));
        restartBackend().ifPresent(r -> kinds.add(Kind.SERVER_RESTART));
        freezeBackend().ifPresent(f -> kinds.add(Kind.SERVER_FREEZE));
        List<ContenderProcess.Plan> plans = targets.stream()
                .map(t -> new ContenderProcess.Plan(t, ttl.dividedBy(4), ttl.multipliedBy(3), false))
                .toList();
        NemesisRun run = new NemesisRun(this::nemesisUrlVia, fixture().options(), backendAddress(), plans, seed);
        List<LockHistory> histories = run.histories();
        long start = System.nanoTime();
        try (run) {
            run.startContenders(3);
            assertThat(run.awaitNewGrant(0, Duration.ofSeconds(30)))
                    .as("a first grant within 30 s; contender logs in %s", run.logs())
                    .isPresent();
            Random random = run.random();
            long minEnd = start + nemesisDuration().toNanos();
            long maxEnd = start + nemesisMaxDuration().toNanos();
            long longestStep = ttl.multipliedBy(5).toNanos(); // a wait for a fresh holder, a fault, the quiet after
            while (maxEnd - System.nanoTime() > longestStep) {
                List<int[]> uncovered = uncovered(histories, kinds);
                if (uncovered.isEmpty() && System.nanoTime() - minEnd >= 0 && enoughGrants(histories)) {
                    break;
                }
                int[] pick = uncovered.isEmpty()
                        ? new int[] {random.nextInt(histories.size()), random.nextInt(kinds.size())}
                        : uncovered.get(random.nextInt(uncovered.size()));
                LockHistory history = histories.get(pick[0]);
                Kind kind = kinds.get(pick[1]);
                boolean atHolder = !uncovered.isEmpty() || random.nextInt(5) > 0;
                int any = random.nextInt(run.slots().size());
                Duration length = scale(ttl, 1.5 + random.nextDouble());
                Duration quiet = scale(ttl, 0.75 + 0.75 * random.nextDouble());
                Duration settle = scale(ttl, random.nextDouble() / 4);
                // a server fault hits every holder, and it too waits for a fresh one of the primitive it is meant for
                Optional<NemesisRun.Slot> holder = atHolder ? freshHolder(run, history, ttl, settle) : Optional.empty();
                NemesisRun.Slot target = holder.orElse(run.slots().get(any));
                say(String.format(
                        Locale.ROOT,
                        "%6.1f s %s %s%s%s",
                        (System.nanoTime() - start) / 1e9,
                        kind,
                        kind.isServerFault() ? "the backend" : target.name(),
                        holder.isPresent() ? " (" + labels.get(pick[0]) + " holder)" : "",
                        kind == Kind.PARTITION || kind == Kind.STOP || kind == Kind.SERVER_FREEZE
                                ? " for " + length.toMillis() + " ms"
                                : ""));
                switch (kind) {
                    case PARTITION -> run.partition(target, length);
                    case STOP -> run.pause(target, length);
                    case KILL -> run.kill(target);
                    case SERVER_RESTART -> run.restartServer(restartBackend().orElseThrow());
                    case SERVER_FREEZE -> run.freezeServer(freezeBackend().orElseThrow(), length);
                    default -> throw new IllegalStateException("not a fault: " + kind);
                }
                Thread.sleep(quiet.toMillis());
            }
        } finally {
            run.contenderLines().forEach(NemesisContract::say);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        for (int i = 0; i < histories.size(); i++) {
            LockHistory history = histories.get(i);
            String label = labels.get(i);
            LockHistoryReport report = history.check();
            say("--- " + label + " (" + targets.get(i) + ")");
            report.summary().forEach(NemesisContract::say);
            try {
                history.assertSafe();
            } catch (AssertionError e) {
                throw new AssertionError(
                        "the " + label + ": " + e.getMessage() + "\nseed " + seed + "; contender logs in " + run.logs(),
                        e);
            }
            assertThat(report.grants())
                    .as("%s grants in %d s (contender logs in %s)", label, seconds, run.logs())
                    .isGreaterThanOrEqualTo(minGrants(i));
            for (Kind k : kinds) {
                assertThat(report.faultsOnHolder(k))
                        .as("%s faults applied to a %s holder (seed %d)", k, label, seed)
                        .isPositive();
            }
        }
    }

    private int minGrants(int primitive) {
        return primitive == 1 ? (nemesisMinGrants() + 1) / 2 : nemesisMinGrants();
    }

    private boolean enoughGrants(List<LockHistory> histories) {
        for (int i = 0; i < histories.size(); i++) {
            if (histories.get(i).grantCount() < minGrants(i)) {
                return false;
            }
        }
        return true;
    }

    /** The pairs {primitive, kind index} where that kind of fault has not yet hit a holder of that primitive. */
    private static List<int[]> uncovered(List<LockHistory> histories, List<Kind> kinds) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < histories.size(); i++) {
            LockHistoryReport sofar = histories.get(i).check();
            for (int k = 0; k < kinds.size(); k++) {
                if (sofar.faultsOnHolder(kinds.get(k)) == 0) {
                    out.add(new int[] {i, k});
                }
            }
        }
        return out;
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    default void anUnsafeClientIsCaught() throws Exception {
        Duration ttl = ttl();
        long seed = nemesisSeed();
        say("unsafe contenders, seed " + seed + ", " + unsafeNemesisDuration().toSeconds() + " s");
        NemesisRun run = newNemesisRun(randomLockName(), ttl.multipliedBy(2), ttl.multipliedBy(3), true, seed);
        try (run) {
            run.startContenders(3);
            long end = System.nanoTime() + unsafeNemesisDuration().toNanos();
            int seen = 0;
            while (System.nanoTime() - end < 0) {
                Optional<NemesisRun.Slot> fresh = run.awaitNewGrant(seen, ttl.multipliedBy(4));
                seen = run.history().grantCount();
                if (fresh.isPresent()) {
                    Duration length = scale(ttl, 1.5 + 1.5 * run.random().nextDouble());
                    say("PARTITION " + fresh.get().name() + " (fresh holder) for " + length.toMillis() + " ms");
                    run.partition(fresh.get(), length);
                    Thread.sleep(ttl.toMillis());
                    if (!run.history().check().overlaps().isEmpty()) {
                        break; // caught: the rest of the run would only catch it again
                    }
                }
            }
        } finally {
            run.contenderLines().forEach(NemesisContract::say);
        }
        LockHistoryReport report = run.history().check();
        report.summary().forEach(NemesisContract::say);
        assertThat(report.faultsOnHolder(Kind.PARTITION))
                .as("partitions of a holder; contender logs in %s", run.logs())
                .isPositive();
        assertThat(report.overlaps())
                .as("overlaps the checker found in a history of contenders that ignore lost(); logs in %s", run.logs())
                .isNotEmpty();
        AssertionError caught = null;
        try {
            run.history().assertSafe();
        } catch (AssertionError e) {
            caught = e;
        }
        assertThat(caught).as("assertSafe() on the unsafe history").isNotNull();
        assertThat(caught.getMessage()).contains("overlap (rule a)");
        say("as expected, the checker says: " + report.violations().get(0));
    }

    private NemesisRun newNemesisRun(String lockName, Duration holdMin, Duration holdMax, boolean unsafe, long seed)
            throws java.io.IOException {
        return new NemesisRun(
                this::nemesisUrlVia,
                fixture().options(),
                backendAddress(),
                new ContenderProcess.Plan(lockName, holdMin, holdMax, unsafe),
                seed);
    }

    /**
     * The holder of the next grant of {@code history}, {@code settle} after it (so that most faults hit a holder with
     * time left to learn it lost the lease), else whoever holds one.
     */
    private static Optional<NemesisRun.Slot> freshHolder(
            NemesisRun run, LockHistory history, Duration ttl, Duration settle) throws InterruptedException {
        if (run.awaitNewGrant(history, history.grantCount(), ttl.multipliedBy(2))
                .isPresent()) {
            Thread.sleep(settle.toMillis());
        }
        return run.awaitHolder(history, ttl);
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofNanos((long) (d.toNanos() * factor));
    }

    private static void say(String line) {
        System.out.println("[nemesis] " + line);
    }
}
