package io.tooz.tck;

import io.tooz.Coordinator;
import io.tooz.CoordinatorBuilder;
import io.tooz.LockAcquireFailedException;
import io.tooz.LockLease;
import io.tooz.ReadWriteLock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A lock contender in a JVM of its own, for nemesis tests that partition, freeze ({@code SIGSTOP}) or kill it: it
 * acquires one lock over and over, holds it for a random time while writing to an imaginary fenced store, and
 * releases it, reporting every step on its standard output; the handle feeds those reports into a {@link
 * LockHistory}. It stops, releasing what it holds, when its standard input closes. Its log goes to a file.
 *
 * <p>What it contends for is its plan's lock name: a {@link io.tooz.DistributedLock} by default, or, by prefix, a group's
 * leadership ({@link #LEADER_PREFIX}), the read or write mode of a read-write lock ({@link #READ_PREFIX}, {@link
 * #WRITE_PREFIX}, or either at random for each grant: {@link #READ_OR_WRITE_PREFIX}), or a permit of a semaphore
 * ({@link #permitsPrefix(int)}). Reads and permits are shared grants in the history ({@link Plan#newHistory()}), and
 * their holders do not write.
 *
 * <p>The child's lines, each stamped with its own {@link System#nanoTime()} (see {@link LockHistory} on the clock):
 *
 * <ul>
 *   <li>{@code GRANT <nanos> <grantId> <token> [read|write|permit]} once {@code acquire} returned (no mode for a
 *       lock or a leadership);
 *   <li>{@code LOST <nanos> <grantId> <reason>} when the lease's {@code lost()} completes;
 *   <li>{@code WRITE <nanos> <grantId> <token>} every ~50 ms while it holds an exclusive grant and has not seen {@code
 *       lost()};
 *   <li>{@code RELEASE <nanos> <grantId>} when its hold time is over (or it saw {@code lost()}), before it calls
 *       {@code release()};
 *   <li>{@code ERROR <nanos> <text>} when a start, acquire or release fails: the loop goes on, since the coordinator
 *       must recover by itself once a fault is repaired;
 *   <li>{@code BYE <nanos>} just before it exits normally.
 * </ul>
 *
 * <p>An <em>unsafe</em> contender ignores {@code lost()}: it prints {@code IGNORED-LOST} instead of {@code LOST},
 * and keeps writing and believing it holds the lock until its hold time ends. It is the broken client a checker must
 * catch.
 */
// close() waits for the child JVM to exit, so it may be interrupted; the tests that use it declare that
@SuppressWarnings("try")
public final class ContenderProcess implements AutoCloseable {
    /** A lock name with this prefix makes the contender run for leader of the group named by the rest. */
    public static final String LEADER_PREFIX = "leader:";

    /** A lock name with this prefix makes the contender take the read mode of the read-write lock named by the rest. */
    public static final String READ_PREFIX = "read:";

    /** A lock name with this prefix makes the contender take the write mode of the read-write lock named by the rest. */
    public static final String WRITE_PREFIX = "write:";

    /**
     * A lock name with this prefix makes the contender take the read-write lock named by the rest, in either mode at
     * random (even odds) for each grant.
     */
    public static final String READ_OR_WRITE_PREFIX = "rw:";

    private static final String PERMITS_PREFIX = "permits:";

    /** How long the child waits in one {@code acquire} before it reports an error and tries again. */
    static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(5);

    private static final long WRITE_EVERY_MILLIS = 50;
    private static final int CLOSE_SECONDS = 20;

    private final String name;
    private final List<LockHistory> histories;
    private final Path log;
    private final ChildJvm jvm;
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicReference<String> lastError = new AtomicReference<>("");
    private final AtomicInteger errorsAfterGrant = new AtomicInteger();
    private volatile boolean granted;
    private final CountDownLatch bye = new CountDownLatch(1);
    private final AtomicBoolean frozen = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();

    private ContenderProcess(List<String> args, String name, List<LockHistory> histories, Path log) {
        this.name = name;
        this.histories = List.copyOf(histories);
        this.log = log;
        this.jvm = new ChildJvm(ContenderProcess.class, args, log, this::parse);
    }

    /**
     * A lock name prefix that makes the contender take a permit of the semaphore named by the rest, with {@code
     * permits} permits.
     */
    public static String permitsPrefix(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be positive: " + permits);
        }
        return PERMITS_PREFIX + permits + ":";
    }

    /**
     * What a contender does: run for {@code lockName} (a lock, or by its prefix a leadership, a read-write lock's
     * mode or a semaphore's permit: see the class comment), hold each grant for a random time in {@code [holdMin,
     * holdMax]}, and heed {@code lost()} unless {@code unsafe}.
     */
    public record Plan(String lockName, Duration holdMin, Duration holdMax, boolean unsafe) {
        /** Checks the hold times. */
        public Plan {
            if (holdMin.isNegative() || holdMax.compareTo(holdMin) < 0) {
                throw new IllegalArgumentException(
                        "hold times must satisfy 0 <= min <= max: " + holdMin + ", " + holdMax);
            }
        }

        /**
         * An empty history for contenders following this plan: of a read-write lock for the read and write prefixes,
         * of a semaphore for a permits prefix, else of an exclusive lock.
         */
        public LockHistory newHistory() {
            if (lockName.startsWith(PERMITS_PREFIX)) {
                return LockHistory.ofSemaphore(Target.of(lockName).permits());
            }
            boolean readWrite = lockName.startsWith(READ_PREFIX)
                    || lockName.startsWith(WRITE_PREFIX)
                    || lockName.startsWith(READ_OR_WRITE_PREFIX);
            return readWrite ? LockHistory.ofReadWriteLock() : new LockHistory();
        }
    }

    /** A plan's lock name taken apart: what to take ({@code lock}, {@code leader}, a mode, {@code permit}) of what. */
    private record Target(String kind, String name, int permits) {
        static Target of(String lockName) {
            for (String prefix : List.of(LEADER_PREFIX, READ_PREFIX, WRITE_PREFIX, READ_OR_WRITE_PREFIX)) {
                if (lockName.startsWith(prefix)) {
                    return new Target(prefix.substring(0, prefix.length() - 1), lockName.substring(prefix.length()), 0);
                }
            }
            if (lockName.startsWith(PERMITS_PREFIX)) {
                String rest = lockName.substring(PERMITS_PREFIX.length());
                int colon = rest.indexOf(':');
                return new Target("permit", rest.substring(colon + 1), Integer.parseInt(rest.substring(0, colon)));
            }
            return new Target("lock", lockName, 0);
        }
    }

    /**
     * Starts contender {@code memberId} following {@code plan} on {@code url} with driver {@code options}; its reports
     * go into {@code history} under the name {@code memberId}, its log to {@code log}.
     */
    public static ContenderProcess start(
            String url, Map<String, String> options, String memberId, Plan plan, LockHistory history, Path log) {
        return start(url, options, memberId, List.of(plan), List.of(Objects.requireNonNull(history, "history")), log);
    }

    /**
     * Starts a contender that follows several plans at once, one thread each over one coordinator (as an application
     * uses several primitives), the reports of {@code plans.get(i)} going into {@code histories.get(i)}, and the
     * signals it receives into all of them. The plans must agree on hold times and safety, and their lock names must
     * not contain commas.
     */
    public static ContenderProcess start(
            String url,
            Map<String, String> options,
            String memberId,
            List<Plan> plans,
            List<LockHistory> histories,
            Path log) {
        if (plans.isEmpty() || plans.size() != histories.size()) {
            throw new IllegalArgumentException("one history per plan: " + plans.size() + " plans, " + histories.size());
        }
        Plan first = plans.get(0);
        for (Plan p : plans) {
            if (p.lockName().contains(",")
                    || !p.holdMin().equals(first.holdMin())
                    || !p.holdMax().equals(first.holdMax())
                    || p.unsafe() != first.unsafe()) {
                throw new IllegalArgumentException(
                        "plans must agree on hold times and safety, names without commas: " + plans);
            }
        }
        List<String> args = ChildJvm.withOptions(
                options,
                url,
                memberId,
                String.join(",", plans.stream().map(Plan::lockName).toList()),
                Long.toString(first.holdMin().toMillis()),
                Long.toString(first.holdMax().toMillis()),
                Boolean.toString(first.unsafe()));
        return new ContenderProcess(args, memberId, histories, log);
    }

    /** The history of a grant id: {@code member#n} with one plan, {@code member#k.n} for plan k of several. */
    private LockHistory historyOf(String grantId) {
        if (histories.size() == 1) {
            return histories.get(0);
        }
        String rest = grantId.substring(grantId.lastIndexOf('#') + 1);
        return histories.get(Integer.parseInt(rest.substring(0, rest.indexOf('.'))));
    }

    private void parse(String line) {
        String[] f = line.split(" ", 4);
        try {
            switch (f[0]) {
                case "GRANT" -> {
                    String[] g = f[3].split(" ", 2);
                    boolean shared = g.length > 1 && (g[1].equals("read") || g[1].equals("permit"));
                    historyOf(f[2]).grant(name, f[2], Long.parseLong(g[0]), Long.parseLong(f[1]), shared);
                    granted = true;
                }
                case "LOST" -> historyOf(f[2]).lost(name, f[2], f[3], Long.parseLong(f[1]));
                case "WRITE" -> historyOf(f[2]).write(name, f[2], Long.parseLong(f[3]), Long.parseLong(f[1]));
                case "RELEASE" -> historyOf(f[2]).release(name, f[2], Long.parseLong(f[1]));
                case "ERROR" -> {
                    errors.incrementAndGet();
                    if (granted) {
                        errorsAfterGrant.incrementAndGet();
                    }
                    lastError.set(line);
                }
                case "BYE" -> bye.countDown();
                default -> {
                    // IGNORED-LOST and anything else is for the log reader
                }
            }
        } catch (RuntimeException malformed) {
            // a line cut short by SIGKILL
        }
    }

    /** The contender's name in the history: its member id. */
    public String name() {
        return name;
    }

    /** Where its log (standard error) goes. */
    public Path log() {
        return log;
    }

    /** How many {@code ERROR} lines it printed. */
    public int errors() {
        return errors.get();
    }

    /**
     * How many {@code ERROR} lines it printed after its first grant: errors in steady operation, leaving out a start
     * that timed out while a cold JVM warmed up (the contender retries it).
     */
    public int errorsAfterFirstGrant() {
        return errorsAfterGrant.get();
    }

    /** The last {@code ERROR} line, or an empty string. */
    public String lastError() {
        return lastError.get();
    }

    /** Whether it is frozen by {@code STOP} now. */
    public boolean frozen() {
        return frozen.get();
    }

    /**
     * Sends {@code STOP}, {@code CONT} or {@code KILL} and records it in the history, stamped so that the recorded
     * freeze is never longer than the real one: {@code STOP} after the signal was sent, {@code CONT} before, {@code
     * KILL} once the process has exited (with a {@code KILL_SENT} before the signal: it may die, and the backend
     * free its lock, before the KILL is stamped).
     */
    public void signal(String signal) throws IOException, InterruptedException {
        switch (signal) {
            case "STOP" -> {
                jvm.signal("STOP");
                frozen.set(true);
                long now = System.nanoTime();
                histories.forEach(h -> h.stop(name, now));
            }
            case "CONT" -> {
                long now = System.nanoTime();
                histories.forEach(h -> h.cont(name, now));
                frozen.set(false);
                jvm.signal("CONT");
            }
            case "KILL" -> {
                long sent = System.nanoTime();
                histories.forEach(h -> h.killSent(name, sent));
                jvm.signal("KILL");
                jvm.close(CLOSE_SECONDS);
                long exited = System.nanoTime();
                histories.forEach(h -> h.kill(name, exited));
                frozen.set(false);
                ended.set(true);
            }
            default -> throw new IllegalArgumentException("STOP, CONT or KILL, not " + signal);
        }
    }

    /**
     * Thaws it if frozen, closes its standard input (it finishes its hold, releases and leaves) and waits for its
     * {@code BYE}, so all its reports are in the history; kills it if it has not exited 20 s later. Idempotent.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (frozen.get()) {
            signal("CONT");
        }
        jvm.close(CLOSE_SECONDS);
        bye.await(1, TimeUnit.SECONDS); // the reader thread may still be reading the last lines
    }

    @Override
    public String toString() {
        return "ContenderProcess[" + name + ", " + errors() + " errors, log " + log + "]";
    }

    // ---- the child ----

    /** The contender: {@code URL MEMBER LOCK[,LOCK...] HOLD_MIN_MS HOLD_MAX_MS UNSAFE [OPTION=VALUE...]}. */
    public static void main(String[] args) {
        CoordinatorBuilder b = ChildJvm.builder(args, 6);
        List<Plan> plans = new ArrayList<>();
        for (String lockName : args[2].split(",")) {
            plans.add(new Plan(
                    lockName,
                    Duration.ofMillis(Long.parseLong(args[3])),
                    Duration.ofMillis(Long.parseLong(args[4])),
                    Boolean.parseBoolean(args[5])));
        }
        Child child = new Child(b, args[1], plans, new AtomicBoolean());
        Thread stdin = new Thread(
                () -> {
                    try {
                        while (System.in.read() >= 0) {
                            // until the test closes our stdin
                        }
                    } catch (IOException e) {
                        // the parent is gone: stop as well
                    }
                    child.stopping().set(true);
                },
                "contender-stdin");
        stdin.setDaemon(true);
        stdin.start();
        child.run();
        say("BYE " + System.nanoTime());
        System.exit(0);
    }

    static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /**
     * The child's loops, one thread per plan over one coordinator: acquire, hold while writing, release; errors are
     * reported and the loops go on until {@code stopping}.
     */
    private record Child(CoordinatorBuilder builder, String member, List<Plan> plans, AtomicBoolean stopping) {

        void run() {
            Coordinator coordinator = startUntilStopped();
            if (coordinator == null) {
                return;
            }
            List<Thread> loops = new ArrayList<>();
            for (int k = 0; k < plans.size(); k++) {
                Plan plan = plans.get(k);
                String grantPrefix = member + "#" + (plans.size() == 1 ? "" : k + ".");
                Thread loop = new Thread(() -> contend(coordinator, plan, grantPrefix), "contender-" + k);
                loop.start();
                loops.add(loop);
            }
            for (Thread loop : loops) {
                try {
                    loop.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                coordinator.close();
            } catch (RuntimeException e) {
                say("ERROR " + System.nanoTime() + " close: " + oneLine(e));
            }
        }

        private Coordinator startUntilStopped() {
            while (!stopping.get()) {
                try {
                    return start();
                } catch (RuntimeException e) {
                    say("ERROR " + System.nanoTime() + " " + oneLine(e));
                    pause(200);
                }
            }
            return null;
        }

        private void contend(Coordinator coordinator, Plan plan, String grantPrefix) {
            int grants = 0;
            while (!stopping.get()) {
                try {
                    Grant grant = acquire(coordinator, plan);
                    hold(grant.lease(), grant.mode(), grantPrefix + ++grants, plan);
                    pause(ThreadLocalRandom.current().nextLong(0, 200)); // give the others a chance
                } catch (LockAcquireFailedException e) {
                    say("ERROR " + System.nanoTime() + " acquire timed out: " + oneLine(e));
                } catch (RuntimeException e) {
                    say("ERROR " + System.nanoTime() + " " + oneLine(e));
                    pause(200);
                }
            }
        }

        private Coordinator start() {
            Coordinator c = builder.build();
            try {
                c.start();
            } catch (RuntimeException e) {
                try {
                    c.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            return c;
        }

        /** A lease and its mode for the GRANT line: read, write, permit, or empty for a lock or a leadership. */
        private record Grant(LockLease lease, String mode) {}

        private Grant acquire(Coordinator c, Plan plan) {
            Target t = Target.of(plan.lockName());
            return switch (t.kind()) {
                case "leader" -> new Grant(LeaderTerm.await(c, t.name(), ACQUIRE_TIMEOUT), "");
                case "read" -> new Grant(c.getReadWriteLock(t.name()).readLock().acquire(ACQUIRE_TIMEOUT), "read");
                case "write" -> new Grant(
                        c.getReadWriteLock(t.name()).writeLock().acquire(ACQUIRE_TIMEOUT), "write");
                case "rw" -> {
                    boolean read = ThreadLocalRandom.current().nextBoolean();
                    ReadWriteLock rw = c.getReadWriteLock(t.name());
                    yield read
                            ? new Grant(rw.readLock().acquire(ACQUIRE_TIMEOUT), "read")
                            : new Grant(rw.writeLock().acquire(ACQUIRE_TIMEOUT), "write");
                }
                case "permit" -> new Grant(c.getSemaphore(t.name(), t.permits()).acquire(ACQUIRE_TIMEOUT), "permit");
                default -> new Grant(c.getLock(t.name()).acquire(ACQUIRE_TIMEOUT), "");
            };
        }

        private void hold(LockLease lease, String mode, String grantId, Plan plan) {
            Object beliefs = new Object();
            AtomicBoolean lost = new AtomicBoolean();
            boolean writes = !mode.equals("read") && !mode.equals("permit");
            long token = lease.fencingToken();
            long granted = System.nanoTime();
            say("GRANT " + granted + " " + grantId + " " + token + (mode.isEmpty() ? "" : " " + mode));
            lease.lost().thenAccept(reason -> {
                synchronized (beliefs) {
                    if (plan.unsafe()) {
                        say("IGNORED-LOST " + System.nanoTime() + " " + grantId + " " + reason);
                    } else {
                        lost.set(true);
                        say("LOST " + System.nanoTime() + " " + grantId + " " + reason);
                    }
                }
            });
            long until = granted
                    + TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current()
                            .nextLong(plan.holdMin().toMillis(), plan.holdMax().toMillis() + 1));
            while (!stopping.get()) {
                synchronized (beliefs) {
                    if (lost.get()) {
                        break;
                    }
                    long now = System.nanoTime();
                    if (now - until >= 0) {
                        break;
                    }
                    if (writes) {
                        say("WRITE " + now + " " + grantId + " " + token);
                    }
                }
                pause(Math.min(
                        WRITE_EVERY_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
            }
            synchronized (beliefs) {
                say("RELEASE " + System.nanoTime() + " " + grantId);
            }
            try {
                lease.release();
            } catch (RuntimeException e) {
                say("ERROR " + System.nanoTime() + " release of " + grantId + ": " + oneLine(e));
            }
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static String oneLine(Throwable e) {
            return (e.getClass().getSimpleName() + ": " + e.getMessage()).replace('\n', ' ');
        }
    }
}
