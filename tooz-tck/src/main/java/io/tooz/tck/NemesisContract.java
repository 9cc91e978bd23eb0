package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A randomized nemesis against one lock: three contender processes ({@link ContenderProcess}), each reaching the
 * backend through a {@link BlackHoleProxy} of its own, acquire, hold and release the lock while a seeded nemesis
 * partitions them, freezes them with {@code SIGSTOP} and kills them with {@code SIGKILL} (and restarts and freezes the backend
 * if the fixture can). Every process stamps what it believes into one {@link LockHistory}, which must then pass
 * {@link LockHistory#assertSafe()}: no two believed holders except while the lower one was frozen (and then its
 * writes are fenced off), tokens in grant order, {@code lost()} before a take-over.
 *
 * <p>The nemesis picks a fault every few seconds, mostly against a holder shortly after its grant (always, until each
 * kind of fault has hit a holder once), for 1.5 to 3 × TTL, then waits at least a TTL so that the lock changes hands.
 * Contenders hold the lock for a quarter of a TTL to three TTLs, writing every 50 ms. Its seed is printed; set the system property {@code
 * tooz.nemesis.seed} to replay the same choices (the processes' own timing still varies). The report is printed one
 * figure a line, prefixed {@code [nemesis]}.
 *
 * <p>For drivers that reach a server over TCP; opt-in per driver (it starts JVMs and runs for about a minute), not
 * part of {@link ToozContract}. The driver test supplies {@link #backendAddress()} as for {@link PartitionContract}.
 */
public interface NemesisContract extends ContractSupport {

    /** The backend's TCP address exactly as the fixture URL writes it: {@code getHostString() + ":" + getPort()}. */
    InetSocketAddress backendAddress();

    /** How long the nemesis runs in {@link #aLockStaysSafeUnderRandomFaults()}: 60 s by default. */
    default Duration nemesisDuration() {
        return Duration.ofSeconds(60);
    }

    /** How long {@link #anUnsafeClientIsCaught()} runs at most (it ends at the first overlap): 15 s by default. */
    default Duration unsafeNemesisDuration() {
        return Duration.ofSeconds(15);
    }

    /** How many grants a safe run must see at least: 10 by default. */
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

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    default void aLockStaysSafeUnderRandomFaults() throws Exception {
        runNemesis(randomLockName(), nemesisDuration(), nemesisMinGrants());
    }

    /**
     * The same for a group's leadership: each contender joins one group and runs for leader, "grant" being its
     * election (the token its term) and "lost" its {@code LeadershipLost}; it stands down after its hold time and
     * runs again. The checker's rules are the lock's: no two leaders at once unless the earlier one was frozen
     * (then fenced by its lower term), terms rise, and a partitioned leader hears {@code LeadershipLost} before
     * anyone else is elected.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    default void leadershipStaysSafeUnderRandomFaults() throws Exception {
        runNemesis(ContenderProcess.LEADER_PREFIX + randomGroupId(), leadershipNemesisDuration(), 5);
    }

    /**
     * How long the leadership nemesis runs: 40 s, and 10 s more for each kind of server fault the fixture offers, so
     * that every kind can hit a leader.
     */
    default Duration leadershipNemesisDuration() {
        int serverFaults =
                (restartBackend().isPresent() ? 1 : 0) + (freezeBackend().isPresent() ? 1 : 0);
        return Duration.ofSeconds(40 + 10L * serverFaults);
    }

    private void runNemesis(String lockName, Duration duration, int minGrants) throws Exception {
        Duration ttl = ttl();
        long seed = nemesisSeed();
        say("seed " + seed + " (replay with -Dtooz.nemesis.seed=" + seed + "), TTL " + ttl.toMillis() + " ms, "
                + duration.toSeconds() + " s, " + lockName);
        List<Kind> kinds = new ArrayList<>(List.of(Kind.PARTITION, Kind.STOP, Kind.KILL));
        restartBackend().ifPresent(r -> kinds.add(Kind.SERVER_RESTART));
        freezeBackend().ifPresent(f -> kinds.add(Kind.SERVER_FREEZE));
        NemesisRun run = newNemesisRun(lockName, ttl.dividedBy(4), ttl.multipliedBy(3), false, seed);
        LockHistoryReport report;
        try (run) {
            run.startContenders(3);
            assertThat(run.awaitNewGrant(0, Duration.ofSeconds(30)))
                    .as("a first grant within 30 s; contender logs in %s", run.logs())
                    .isPresent();
            Random random = run.random();
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long longestStep = ttl.multipliedBy(5).toNanos(); // a fault of up to 3 TTLs, then up to 2 of quiet
            while (end - System.nanoTime() > longestStep) {
                LockHistoryReport sofar = run.history().check();
                List<Kind> uncovered =
                        kinds.stream().filter(k -> sofar.faultsOnHolder(k) == 0).toList();
                List<Kind> pool = uncovered.isEmpty() ? kinds : uncovered;
                Kind kind = pool.get(random.nextInt(pool.size()));
                boolean atHolder = !uncovered.isEmpty() || random.nextInt(5) > 0;
                int any = random.nextInt(run.slots().size());
                Duration length = scale(ttl, 1.5 + 1.5 * random.nextDouble());
                Duration quiet = scale(ttl, 1 + random.nextDouble());
                Duration settle = scale(ttl, random.nextDouble() / 4);
                Optional<NemesisRun.Slot> holder = atHolder ? freshHolder(run, ttl, settle) : Optional.empty();
                NemesisRun.Slot target = holder.orElse(run.slots().get(any));
                say(String.format(
                        Locale.ROOT,
                        "%6.1f s %s %s%s%s",
                        (System.nanoTime() - start) / 1e9,
                        kind,
                        kind.isServerFault() ? "the backend" : target.name(),
                        holder.isPresent() ? " (holder)" : "",
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
            Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        } finally {
            run.contenderLines().forEach(NemesisContract::say);
        }
        report = run.history().check();
        report.summary().forEach(NemesisContract::say);
        try {
            run.history().assertSafe();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nseed " + seed + "; contender logs in " + run.logs(), e);
        }
        assertThat(report.grants())
                .as("grants in %d s (contender logs in %s)", duration.toSeconds(), run.logs())
                .isGreaterThanOrEqualTo(minGrants);
        for (Kind k : kinds) {
            assertThat(report.faultsOnHolder(k))
                    .as("%s faults applied to a holder (seed %d)", k, seed)
                    .isPositive();
        }
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
     * The holder of the next grant, {@code settle} after it (so that most faults hit a holder with time left to
     * learn it lost the lease), else whoever holds the lock.
     */
    private static Optional<NemesisRun.Slot> freshHolder(NemesisRun run, Duration ttl, Duration settle)
            throws InterruptedException {
        if (run.awaitNewGrant(run.history().grantCount(), ttl.multipliedBy(2)).isPresent()) {
            Thread.sleep(settle.toMillis());
        }
        return run.awaitHolder(ttl);
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofNanos((long) (d.toNanos() * factor));
    }

    private static void say(String line) {
        System.out.println("[nemesis] " + line);
    }
}
