package io.tooz.schedule;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.GroupEvent;
import io.tooz.MemberAlreadyExistsException;
import io.tooz.MemberNotJoinedException;
import io.tooz.ToozException;
import io.tooz.WatchCallback;
import io.tooz.internal.DefaultCoordinator;
import io.tooz.internal.SchedulerFaults;
import io.tooz.spi.DriverClaims;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final ExecutorService runners;
    private final WorkerCounters counters = new WorkerCounters();
    private final Map<String, TaskStatus> lastRuns = new ConcurrentHashMap<>();
    private final Map<String, Integer> weights = new HashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object freezer = new Object();
    private final WatchCallback<GroupEvent.MemberJoined> onJoin = e -> reactToChange();
    private final WatchCallback<GroupEvent.MemberLeft> onLeave = e -> reactToChange();
    private volatile Map<String, Integer> members = Map.of();
    private volatile boolean stopped;
    private volatile boolean frozen;
    private volatile boolean halted;
    private DriverClaims claims;
    private PeriodClock clock;

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
        this.runners = Executors.newFixedThreadPool(b.threads, r -> daemon(r, "tooz-task-" + group));
    }

    private Track trackFor(Map<Long, Track> byLength, Duration period) {
        long ms = period.toMillis();
        return byLength.computeIfAbsent(ms, l -> new Track(l, Namespaces.of(group, l)));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void start() {
        if (!coordinator.isStarted()) {
            throw new IllegalStateException("start the coordinator before the scheduler of group " + group);
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("scheduler of group " + group + " was already started");
        }
        if (!(coordinator instanceof DefaultCoordinator impl)) {
            throw new IllegalArgumentException("not a coordinator built by Coordinator.builder(): " + coordinator);
        }
        claims = impl.claimsFacet();
        clock = new PeriodClock(claims);
        join();
        coordinator.watchJoinGroup(group, onJoin);
        coordinator.watchLeaveGroup(group, onLeave);
        for (Track t : tracks) {
            loop.execute(() -> tick(t, config.missedPeriods == MissedPeriods.RUN_ONCE_LATE));
        }
    }

    private void join() {
        try {
            coordinator.joinGroupCreate(group, Capabilities.of(Map.of("weight", config.weight)));
        } catch (MemberAlreadyExistsException already) {
            // joined before (a re-join after an expiry raced with the driver's own)
        }
    }

    private void tick(Track track, boolean catchUp) {
        if (stopped) {
            return;
        }
        long retryMillis = -1;
        try {
            clock.sync();
            track.refreshIds();
            refreshMembers();
            long now = clock.nowMillis();
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
        } catch (ToozException e) {
            LOG.warn("worker {} of {}: period boundary failed, retrying: {}", member, group, e.toString());
            retryMillis = Math.min(1_000, Math.max(50, track.lengthMillis / 4));
        } catch (RuntimeException e) {
            LOG.error("worker {} of {}: period boundary failed, retrying", member, group, e);
            retryMillis = Math.min(1_000, Math.max(50, track.lengthMillis / 4));
        }
        scheduleNext(track, retryMillis);
    }

    private void scheduleNext(Track track, long retryMillis) {
        if (stopped) {
            return;
        }
        long now = clock.nowMillis();
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
        return track.assignment(members, config.pointsPerWeight, config.maxLoad);
    }

    /** Reads the members (one request, plus one per new member for its weight); re-joins if this member was dropped. */
    private void refreshMembers() {
        Set<String> ids = coordinator.getMembers(group).get();
        counters.memberReads.incrementAndGet();
        weights.keySet().retainAll(ids);
        for (String m : ids) {
            if (!weights.containsKey(m)) {
                weights.put(m, weightOf(m));
            }
        }
        Map<String, Integer> view = new TreeMap<>(weights);
        if (!ids.contains(member) && !stopped) {
            LOG.warn(
                    "worker {} is no longer a member of {} (its session or TTL expired); joining again", member, group);
            join();
        }
        members = java.util.Collections.unmodifiableMap(view);
    }

    private int weightOf(String m) {
        if (m.equals(member)) {
            return config.weight;
        }
        try {
            counters.memberReads.incrementAndGet();
            return coordinator
                    .getMemberCapabilities(group, m)
                    .get()
                    .getLong("weight")
                    .map(w -> (int) Math.max(1, Math.min(1_000, w)))
                    .orElse(1);
        } catch (MemberNotJoinedException gone) {
            return 1;
        }
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
            refreshMembers();
            long now = clock.nowMillis();
            for (Track t : tracks) {
                if (t.period == Math.floorDiv(now, t.lengthMillis)) {
                    claimAndRun(t, t.period, t.owned(member, assignment(t)), false);
                }
            }
        } catch (ToozException e) {
            LOG.warn("worker {} of {}: re-balancing after a membership change failed: {}", member, group, e.toString());
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
        Duration ttl = config.claimTtl != null ? config.claimTtl : Duration.ofMillis(2 * track.lengthMillis + 10_000);
        for (int from = 0; from < todo.size(); from += BATCH) {
            List<String> chunk = todo.subList(from, Math.min(todo.size(), from + BATCH));
            awaitThaw();
            if (stopped) {
                return;
            }
            if (clock.nowMillis() >= deadline) {
                counters.skipped.addAndGet(todo.size() - from);
                LOG.warn(
                        "worker {} of {}: period {} ended before {} task(s) could be claimed; skipped",
                        member,
                        group,
                        period,
                        todo.size() - from);
                return;
            }
            Map<String, Long> got = claims.claim(track.namespace, startMillis, chunk, member, ttl);
            if (!late) {
                track.attempted.addAll(chunk);
            }
            counters.taken.addAndGet(chunk.size() - got.size());
            Instant start = Instant.ofEpochMilli(startMillis);
            Duration length = Duration.ofMillis(track.lengthMillis);
            got.forEach((task, token) -> submit(
                    track.action(task),
                    new TaskRun(
                            task, period, start, length, TaskRun.fencingToken(period, token), token, member, late)));
        }
    }

    private void submit(TaskAction action, TaskRun run) {
        if (action == null) {
            return; // removed from its source since the boundary
        }
        try {
            runners.execute(() -> runOne(action, run));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            counters.skipped.incrementAndGet();
        }
    }

    private void runOne(TaskAction action, TaskRun run) {
        awaitThaw();
        if (stopped
                && closed.get()
                && runners.isShutdown()
                && Thread.currentThread().isInterrupted()) {
            return;
        }
        Instant at = Instant.now();
        long t0 = System.nanoTime();
        Throwable failure = null;
        try {
            action.run(run);
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.warn("task {} of {} failed in period {}: {}", run.taskId(), group, run.period(), e.toString());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        (failure == null ? counters.run : counters.failed).incrementAndGet();
        if (run.late()) {
            counters.late.incrementAndGet();
        }
        lastRuns.put(
                run.taskId(),
                new TaskStatus(
                        run.taskId(), member, Optional.of(run), Optional.of(at), Optional.of(took), failure != null));
        try {
            config.listener.onRun(run, took, failure);
        } catch (RuntimeException e) {
            LOG.warn("run listener of {} threw on {}", group, run, e);
        }
    }

    private void sweepIfFirst(Track track, long now) {
        Map<String, Integer> view = members;
        if (!view.isEmpty() && view.keySet().iterator().next().equals(member)) {
            long ttl = config.claimTtl != null ? config.claimTtl.toMillis() : 2 * track.lengthMillis + 10_000;
            claims.sweep(track.namespace, now - ttl);
        }
    }

    private void awaitThaw() {
        synchronized (freezer) {
            while (frozen && !stopped) {
                try {
                    freezer.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        if (!started.get() || !closed.compareAndSet(false, true)) {
            return;
        }
        if (!stopped) {
            serveImminentBoundary();
        }
        stopped = true;
        thaw();
        loop.shutdown();
        runners.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
            if (!runners.awaitTermination(30, TimeUnit.SECONDS)) {
                runners.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runners.shutdownNow();
        }
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
        long now = clock.nowMillis();
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
        halted = true;
        stopped = true;
        closed.set(true);
        thaw();
        loop.shutdownNow();
        runners.shutdownNow();
        unwatch();
    }

    @Override
    public void freeze(boolean freeze) {
        if (freeze) {
            frozen = true;
        } else {
            thaw();
        }
    }

    private void thaw() {
        synchronized (freezer) {
            frozen = false;
            freezer.notifyAll();
        }
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
        long requests = counters.memberReads.get() + (claims == null ? 0 : claims.requests());
        return counters.snapshot(member, owned, requests);
    }

    @Override
    public Map<String, TaskStatus> tasks() {
        Map<String, TaskStatus> out = new LinkedHashMap<>();
        for (Track t : tracks) {
            t.currentAssignment().forEach((task, owner) -> {
                TaskStatus known = lastRuns.get(task);
                out.put(
                        task,
                        known == null
                                ? new TaskStatus(
                                        task, owner, Optional.empty(), Optional.empty(), Optional.empty(), false)
                                : new TaskStatus(
                                        task,
                                        owner,
                                        known.lastRun(),
                                        known.lastRunAt(),
                                        known.lastDuration(),
                                        known.lastFailed()));
            });
        }
        return out;
    }

    @Override
    public Map<String, Integer> members() {
        return members;
    }

    @Override
    public String toString() {
        return "PeriodicScheduler[" + member + " in " + group + "]";
    }
}
