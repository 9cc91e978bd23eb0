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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Acquires a lock, prints its fencing token, holds it and releases it. */
@Command(
        name = "lock",
        description = {
            "Acquire a lock, print its fencing token, hold it for --hold, release it. Ctrl-C releases it at once and"
                    + " exits 130.",
            "While it waits (--timeout), stderr says who holds the lock, and again whenever that changes.",
            "Exit 1 if the lock is not acquired within --timeout, or if it is lost while held."
        })
final class LockCommand extends CoordinatorCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The lock's name.")
    String name;

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
            try (SignalGuard guard = new SignalGuard(c, () -> releaseOnSignal(held, c))) {
                return lockAndHold(c, held, guard);
            }
        }
    }

    private int lockAndHold(Coordinator c, AtomicReference<LockLease> held, SignalGuard guard) {
        DistributedLock lock = c.getLock(name);
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
            return fail("lock " + name + " not acquired"
                    + (timeout.isZero() ? "" : " within " + DriverOptions.formatDuration(timeout))
                    + (holder == null ? "" : "; held by " + holder));
        }
        LockLease lease = acquired.get();
        held.set(lease);
        report("acquired", c.memberId(), lease.fencingToken());
        CompletableFuture<LossReason> lost = lease.lost().toCompletableFuture();
        try {
            LossReason reason = lost.get(hold.toMillis(), TimeUnit.MILLISECONDS);
            if (guard.fired()) {
                return ExitCodes.INTERRUPTED;
            }
            return fail("lost lock " + name + " while holding it: " + reason);
        } catch (TimeoutException elapsed) {
            if (held.getAndSet(null) == null) {
                return ExitCodes.INTERRUPTED; // the shutdown hook released it
            }
            lease.release();
            report("released", c.memberId(), lease.fencingToken());
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lease.release();
            return fail("interrupted while holding lock " + name + "; released it");
        } catch (ExecutionException e) {
            lease.release();
            return fail("lock " + name + ": " + ExitCodes.message(e.getCause()));
        }
    }

    /** Ctrl-C: releases the lock if this command holds it, and says so. */
    private void releaseOnSignal(AtomicReference<LockLease> held, Coordinator c) {
        LockLease lease = held.getAndSet(null);
        if (lease != null) {
            lease.release();
            report("released", c.memberId(), lease.fencingToken());
        }
        fail(
                "interrupted" + (lease != null ? "; released lock " + name : " while waiting for lock " + name),
                ExitCodes.INTERRUPTED);
    }

    private Optional<LockLease> acquire(DistributedLock lock) {
        Optional<LockLease> now = lock.tryAcquire();
        if (now.isPresent() || timeout.isZero()) {
            return now;
        }
        try (LockWaitReport report = new LockWaitReport(lock, this::waiting)) {
            report.start();
            return Optional.of(lock.acquire(timeout));
        } catch (LockAcquireFailedException e) {
            return Optional.empty();
        }
    }

    /** Tells on stderr who holds the lock being waited for: first, then at each change. */
    private void waiting(String holder, boolean first) {
        String text = first
                ? "lock " + name + (holder == null ? " is busy (its holder is not recorded)" : " is held by " + holder)
                        + "; waiting up to " + DriverOptions.formatDuration(timeout)
                : "lock " + name + " is now held by " + holder;
        PrintWriter e = err();
        synchronized (e) {
            if (json()) {
                e.println(Json.write(Json.object("event", "waiting", "lock", name, "holder", holder, "message", text)));
            } else {
                e.println("tooz: " + text);
            }
            e.flush();
        }
    }

    static String holder(DistributedLock lock) {
        try {
            return lock.holder().orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void report(String event, String member, long token) {
        String text = event.equals("acquired")
                ? "acquired lock " + name + " fencing token " + token
                : "released lock " + name;
        print(text, "event", event, "lock", name, "member", member, "fencingToken", token);
    }
}
