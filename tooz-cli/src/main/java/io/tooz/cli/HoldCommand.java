package io.tooz.cli;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.LockAcquireFailedException;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.spi.DriverOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Option;

/**
 * What {@code tooz lock} and {@code tooz semaphore} share: acquire a lease, print its fencing token, hold it, release
 * it, and say on stderr what is in the way while waiting.
 */
abstract class HoldCommand extends CoordinatorCommand {

    /** What the command acquires: a lock in some mode, or a semaphore permit. */
    interface Target {
        /** For messages: "lock L", "read lock L", "semaphore S (3 permits)". */
        String what();

        /** The JSON fields naming it, e.g. {@code "lock", "L", "mode", "read"}. */
        Object[] fields();

        Optional<LockLease> tryAcquire();

        LockLease acquire(Duration timeout);

        /** Who is in the way, where the backend records it. */
        Optional<String> holder();
    }

    /** The target, once the coordinator is started. */
    abstract Target target(Coordinator c);

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "0",
            description = "How long to wait for the lock (default: 0, try once and exit 1 if it is held).")
    Duration timeout;

    @Option(
            names = "--hold",
            paramLabel = "DURATION",
            defaultValue = "0",
            description = "How long to hold the lock before releasing it (default: 0).")
    Duration hold;

    @Override
    public Integer call() {
        try (Coordinator c = open()) {
            AtomicReference<LockLease> held = new AtomicReference<>();
            Target target = target(c);
            try (SignalGuard guard = new SignalGuard(c, () -> releaseOnSignal(target, held, c))) {
                return lockAndHold(target, c, held, guard);
            }
        }
    }

    private int lockAndHold(Target lock, Coordinator c, AtomicReference<LockLease> held, SignalGuard guard) {
        Optional<LockLease> acquired;
        try {
            acquired = acquire(lock);
        } catch (RuntimeException e) {
            if (guard.fired()) {
                return ExitCodes.INTERRUPTED; // Ctrl-C while waiting: the coordinator was stopped under us
            }
            throw e;
        }
        if (acquired.isEmpty()) {
            String holder = holder(lock);
            return fail(lock.what() + " not acquired"
                    + (timeout.isZero() ? "" : " within " + DriverOptions.formatDuration(timeout))
                    + (holder == null ? "" : "; held by " + holder));
        }
        LockLease lease = acquired.get();
        held.set(lease);
        report(lock, "acquired", c.memberId(), lease.fencingToken());
        CompletableFuture<LossReason> lost = lease.lost().toCompletableFuture();
        try {
            LossReason reason = lost.get(hold.toMillis(), TimeUnit.MILLISECONDS);
            if (guard.fired()) {
                return ExitCodes.INTERRUPTED;
            }
            return fail("lost " + lock.what() + " while holding it: " + reason);
        } catch (TimeoutException elapsed) {
            if (held.getAndSet(null) == null) {
                return ExitCodes.INTERRUPTED; // the shutdown hook released it
            }
            lease.release();
            report(lock, "released", c.memberId(), lease.fencingToken());
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lease.release();
            return fail("interrupted while holding " + lock.what() + "; released it");
        } catch (ExecutionException e) {
            lease.release();
            return fail(lock.what() + ": " + ExitCodes.message(e.getCause()));
        }
    }

    /** Ctrl-C: releases the lock if this command holds it, and says so. */
    private void releaseOnSignal(Target lock, AtomicReference<LockLease> held, Coordinator c) {
        LockLease lease = held.getAndSet(null);
        if (lease != null) {
            lease.release();
            report(lock, "released", c.memberId(), lease.fencingToken());
        }
        fail(
                "interrupted" + (lease != null ? "; released " + lock.what() : " while waiting for " + lock.what()),
                ExitCodes.INTERRUPTED);
    }

    private Optional<LockLease> acquire(Target lock) {
        Optional<LockLease> now = lock.tryAcquire();
        if (now.isPresent() || timeout.isZero()) {
            return now;
        }
        try (LockWaitReport report =
                new LockWaitReport(() -> holder(lock), (holder, first) -> waiting(lock, holder, first))) {
            report.start();
            return Optional.of(lock.acquire(timeout));
        } catch (LockAcquireFailedException e) {
            return Optional.empty();
        }
    }

    /** Tells on stderr who holds the lock being waited for: first, then at each change. */
    private void waiting(Target lock, String holder, boolean first) {
        String text = first
                ? lock.what() + (holder == null ? " is busy (its holder is not recorded)" : " is held by " + holder)
                        + "; waiting up to " + DriverOptions.formatDuration(timeout)
                : lock.what() + " is now held by " + holder;
        PrintWriter e = err();
        synchronized (e) {
            if (json()) {
                e.println(Json.write(Json.object(concat(new Object[] {"event", "waiting"}, lock.fields(), new Object[] {
                    "holder", holder, "message", text
                }))));
            } else {
                e.println("tooz: " + text);
            }
            e.flush();
        }
    }

    static String holder(Target lock) {
        try {
            return lock.holder().orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void report(Target lock, String event, String member, long token) {
        String text = event.equals("acquired")
                ? "acquired " + lock.what() + " fencing token " + token
                : "released " + lock.what();
        print(text, concat(new Object[] {"event", event}, lock.fields(), new Object[] {
            "member", member, "fencingToken", token
        }));
    }

    private static Object[] concat(Object[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray();
    }

    /** A {@link DistributedLock} as a target. */
    static Target lockTarget(
            DistributedLock lock, java.util.function.Supplier<Optional<String>> holder, String what, Object... fields) {
        return new Target() {
            @Override
            public String what() {
                return what;
            }

            @Override
            public Object[] fields() {
                return fields;
            }

            @Override
            public Optional<LockLease> tryAcquire() {
                return lock.tryAcquire();
            }

            @Override
            public LockLease acquire(Duration timeout) {
                return lock.acquire(timeout);
            }

            @Override
            public Optional<String> holder() {
                return holder.get();
            }
        };
    }
}
