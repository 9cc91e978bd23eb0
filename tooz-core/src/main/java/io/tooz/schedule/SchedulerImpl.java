package io.tooz.schedule;

import io.tooz.Coordinator;
import io.tooz.GroupEvent;
import io.tooz.MemberNotJoinedException;
import io.tooz.ToozException;
import io.tooz.WatchCallback;
import io.tooz.internal.SchedulerFaults;
import io.tooz.spi.ClaimLedgers;
import io.tooz.spi.DriverClaims;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The worker: ticks at period boundaries on one thread, runs actions on a pool. */
final class SchedulerImpl implements PeriodicScheduler, SchedulerFaults {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerImpl.class);
    private static final int BATCH = 500;
    private static final long HANDOVER_MILLIS = 1_000;

    private final Coordinator coordinator;
    private final String group;
    private final String member;
    private final List<Track> tracks = new ArrayList<>();
    private final PeriodicSchedulerBuilder config;
    private final ScheduledThreadPoolExecutor loop;
    private final WorkerCounters counters = new WorkerCounters();
    private final StallGate gate = new StallGate();
    private final TaskRunner runner;
    private final Membership membership;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final WatchCallback<GroupEvent.MemberJoined> onJoin = e -> reactToChange();
    private final WatchCallback<GroupEvent.MemberLeft> onLeave = e -> reactToChange();
    private volatile boolean stopped;
    private volatile @Nullable DriverClaims claims; // set by start(), before the first tick
    private volatile @Nullable PeriodClock clock;

    SchedulerImpl(PeriodicSchedulerBuilder b) {
        this.config = b;
        this.coordinator = b.coordinator;
        this.group = b.groupId;
        this.member = b.coordinator.memberId();
        Map<Long, Track> byLength = new TreeMap<>();
        b.fixed.forEach((id, t) -> trackFor(byLength, t.period()).add(id, t.action()));
        b.sources.forEach(s -> trackFor(byLength, s.period()).add(s));
        tracks.addAll(byLength.values());
        this.loop = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "tooz-schedule-" + group));
        loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.runner = new TaskRunner(group, member, b.threads, counters, b.listener, gate);
        this.membership = new Membership(coordinator, group, b.weight, counters);
    }

    private Track trackFor(Map<Long, Track> byLength, Duration period) {
        long ms = period.toMillis();
        String label = "the " + PeriodicSchedulerBuilder.human(period) + " tasks of group " + group + " (worker "
                + member + ")";
        return byLength.computeIfAbsent(ms, l -> new Track(l, Namespaces.of(group, l), label));
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("scheduler of group " + group + " is closed; a closed scheduler cannot be"
                    + " started again: build a new one with PeriodicScheduler.builder(coordinator, \"" + group
                    + "\")");
        }
        if (!coordinator.isStarted()) {
            throw new IllegalStateException("start the coordinator before the scheduler of group " + group);
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("scheduler of group " + group + " was already started");
        }
        DriverClaims ledger = ClaimLedgers.of(coordinator);
        claims = ledger;
        clock = new PeriodClock(ledger);
        membership.join();
        coordinator.watchJoinGroup(group, onJoin);
        coordinator.watchLeaveGroup(group, onLeave);
        for (Track t : tracks) {
            loop.execute(() -> tick(t, config.missedPeriods == MissedPeriods.RUN_ONCE_LATE));
        }
    }

    private DriverClaims claims() {
        DriverClaims c = claims;
        if (c == null) {
            throw new IllegalStateException("scheduler of group " + group + " is not started");
        }
        return c;
    }

    private PeriodClock clock() {
        PeriodClock c = clock;
        if (c == null) {
            throw new IllegalStateException("scheduler of group " + group + " is not started");
        }
        return c;
    }

    private void tick(Track track, boolean catchUp) {
        if (stopped) {
            return;
        }
        long retryMillis = -1;
        try {
            clock().sync();
            track.refreshIds();
            track.sourceLog.succeeded();
            membership.refresh();
            long now = clock().nowMillis();
            long p = Math.floorDiv(now, track.lengthMillis);
            List<String> mine = track.owned(member, assignment(track));
            if (track.period != p) {
                track.period = p;
                track.attempted.clear();
                counters.periods.incrementAndGet();
                if (track.lastServed != Long.MIN_VALUE && p > track.lastServed + 1) {
                    long missed = p - track.lastServed - 1;
                    LOG.warn(
                            "worker {} of {} missed {} period(s) of {} ms (stalled?)",
                            member,
                            group,
                            missed,
                            track.lengthMillis);
                    counters.skipped.addAndGet(missed * mine.size());
                    catchUp |= config.missedPeriods == MissedPeriods.RUN_ONCE_LATE;
                }
            }
            if (catchUp) {
                claimAndRun(track, p - 1, mine, true);
            }
            claimAndRun(track, p, mine, false);
            track.lastServed = p;
            sweepIfFirst(track, now);
            track.boundaryLog.succeeded();
            track.failuresInARow = 0;
        } catch (Track.SourceFailure e) {
            counters.sourceFailures.incrementAndGet();
            track.failuresInARow++;
            track.sourceLog.failed(e.getCause() == null ? e : e.getCause());
            retryMillis = track.retryMillis();
        } catch (ToozException e) {
            LOG.warn("worker {} of {}: period boundary failed, retrying: {}", member, group, e.toString());
            retryMillis = Track.backoffMillis(track.lengthMillis, 1);
        } catch (RuntimeException e) {
            track.failuresInARow++;
            track.boundaryLog.failed(e);
            retryMillis = track.retryMillis();
        }
        scheduleNext(track, retryMillis);
    }

    private void scheduleNext(Track track, long retryMillis) {
        if (stopped) {
            return;
        }
        long now = clock().nowMillis();
        long next = (Math.floorDiv(now, track.lengthMillis) + 1) * track.lengthMillis;
        long delay = next - now + settleMillis(track);
        if (retryMillis >= 0) {
            delay = Math.min(delay, retryMillis);
        } else if (Math.floorDiv(now, track.lengthMillis) > track.lastServed) {
            delay = 0; // the boundary took longer than a period (a slow start, a stall): serve the current one now
        }
        try {
            loop.schedule(() -> tick(track, false), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // stopped meanwhile
        }
    }

    private static long settleMillis(Track t) {
        return Math.min(50, t.lengthMillis / 20);
    }

    private Map<String, String> assignment(Track track) {
        return track.assignment(membership.view(), config.pointsPerWeight, config.maxLoad);
    }

    private void reactToChange() {
        if (stopped) {
            return;
        }
        try {
            loop.execute(this::rebalance);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // stopped meanwhile
        }
    }

    /** Claims, in the period in progress, the tasks that became this worker's since its boundary. */
    private void rebalance() {
        if (stopped) {
            return;
        }
        try {
            membership.refresh();
            long now = clock().nowMillis();
            for (Track t : tracks) {
                if (t.period == Math.floorDiv(now, t.lengthMillis)) {
                    claimAndRun(t, t.period, t.owned(member, assignment(t)), false);
                }
            }
        } catch (ToozException e) {
            LOG.warn("worker {} of {}: re-balancing after a membership change failed: {}", member, group, e.toString());
        } catch (RuntimeException e) {
            LOG.error("worker {} of {}: re-balancing after a membership change failed", member, group, e);
        }
    }

    private void claimAndRun(Track track, long period, List<String> owned, boolean late) {
        List<String> todo = new ArrayList<>();
        for (String t : owned) {
            if (late || !track.attempted.contains(t)) {
                todo.add(t);
            }
        }
        long startMillis = period * track.lengthMillis;
        long deadline = startMillis + track.lengthMillis * (late ? 2 : 1);
        // a run of the period in progress may not start in its last margin, so a claim made then would only keep
        // other workers off the task until the period ends: stop claiming there, and leave the backend's writes
        long claimBy = late ? deadline : deadline - startMargin(track);
        Duration ttl = claimTtl(track);
        for (int from = 0; from < todo.size(); from += BATCH) {
            List<String> chunk = todo.subList(from, Math.min(todo.size(), from + BATCH));
            gate.pass();
            if (stopped) {
                return;
            }
            if (clock().nowMillis() >= claimBy) {
                counters.skipped.addAndGet(todo.size() - from);
                LOG.warn(
                        "worker {} of {}: period {} (nearly) over before {} task(s) could be claimed; skipped",
                        member,
                        group,
                        period,
                        todo.size() - from);
                return;
            }
            Map<String, Long> got = claims().claim(track.namespace, startMillis, chunk, member, ttl);
            // a late run (RUN_ONCE_LATE) is late by design; a run of the period in progress must start within it
            long startBy = late
                    ? Long.MAX_VALUE
                    : System.nanoTime()
                            + TimeUnit.MILLISECONDS.toNanos(deadline - clock().nowMillis() - startMargin(track));
            if (!late) {
                track.attempted.addAll(chunk);
            }
            counters.taken.addAndGet(chunk.size() - got.size());
            counters.claimed.addAndGet(got.size());
            Instant start = Instant.ofEpochMilli(startMillis);
            Duration length = Duration.ofMillis(track.lengthMillis);
            got.forEach((task, token) -> runner.submit(
                    track.action(task),
                    new TaskRun(task, period, start, length, TaskRun.fencingToken(period, token), token, member, late),
                    startBy));
        }
    }

    private void sweepIfFirst(Track track, long now) {
        Map<String, Integer> view = membership.view();
        if (!view.isEmpty() && view.keySet().iterator().next().equals(member)) {
            claims().sweep(track.namespace, now - claimTtl(track).toMillis());
        }
    }

    /** How long before its period ends a run may no longer start: 1% of the period and 100 ms, at most a quarter. */
    private static long startMargin(Track track) {
        return Math.min(track.lengthMillis / 4, track.lengthMillis / 100 + 100);
    }

    /** How long claims of the track live: as configured, else two periods and 10 s. */
    private Duration claimTtl(Track track) {
        return config.claimTtl != null ? config.claimTtl : Duration.ofMillis(2 * track.lengthMillis + 10_000);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || !started.get()) {
            return;
        }
        if (!stopped) {
            serveImminentBoundary();
        }
        stopped = true;
        gate.stop();
        loop.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runner.finish(Duration.ofSeconds(30));
        unwatch();
        try {
            coordinator.leaveGroup(group).get();
        } catch (MemberNotJoinedException | io.tooz.GroupNotCreatedException gone) {
            // expired already
        } catch (ToozException e) {
            LOG.warn("worker {} could not leave {}: {}", member, group, e.toString());
        }
    }

    /** If a boundary is under a second away, waits until this worker has claimed that period. */
    private void serveImminentBoundary() {
        long now = clock().nowMillis();
        long wait = -1;
        for (Track t : tracks) {
            long next = (Math.floorDiv(now, t.lengthMillis) + 1) * t.lengthMillis;
            if (next - now < HANDOVER_MILLIS) {
                wait = Math.max(wait, next - now + settleMillis(t) + 5);
            }
        }
        if (wait < 0) {
            return;
        }
        try {
            Thread.sleep(wait);
            loop.submit(() -> {}).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("worker {} of {}: hand-over at the boundary did not finish: {}", member, group, e.toString());
        }
    }

    private void unwatch() {
        try {
            coordinator.unwatchJoinGroup(group, onJoin);
            coordinator.unwatchLeaveGroup(group, onLeave);
        } catch (ToozException gone) {
            // the coordinator stopped first
        }
    }

    @Override
    public void halt() {
        stopped = true;
        closed.set(true);
        gate.stop();
        loop.shutdownNow();
        runner.halt();
        unwatch();
    }

    @Override
    public void freeze(boolean freeze) {
        gate.stall(freeze);
    }

    @Override
    public String groupId() {
        return group;
    }

    @Override
    public String memberId() {
        return member;
    }

    @Override
    public WorkerStats stats() {
        int owned = 0;
        for (Track t : tracks) {
            owned += t.owned(member, t.currentAssignment()).size();
        }
        DriverClaims c = claims;
        long requests = counters.memberReads.get() + (c == null ? 0 : c.requests());
        return counters.snapshot(member, owned, requests);
    }

    @Override
    public void addListener(RunListener listener) {
        runner.addListener(listener);
    }

    @Override
    public Map<String, TaskStatus> tasks() {
        Map<String, TaskStatus> out = new LinkedHashMap<>();
        for (Track t : tracks) {
            t.currentAssignment().forEach((task, owner) -> out.put(task, runner.status(task, owner)));
        }
        return out;
    }

    @Override
    public Map<String, Integer> members() {
        return membership.view();
    }

    @Override
    public String toString() {
        return "PeriodicScheduler[" + member + " in " + group + "]";
    }
}
