package io.tooz.driver.jdbc;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one WARN per coordinator that someone holds one of its PostgreSQL locks in the other {@code lock_ids} layout:
 * Python tooz takes the advisory lock {@code (md5(name)[0], md5(name)[1])}, this driver by default one 64-bit id, and
 * neither excludes the other. The grant's own statement asks whether the other layout's lock is held, so the evidence
 * costs no round trip; since reading {@code pg_locks} costs the server a walk of its lock table, a coordinator asks at
 * most once a second, and no more once it warned.
 */
final class LockIdsWarning {
    private static final Logger LOG = LoggerFactory.getLogger(LockIdsWarning.class);
    private static final long ASK_EVERY_NANOS = 1_000_000_000L;

    private final boolean toozLockIds;
    private final String memberId;
    private final AtomicBoolean warned = new AtomicBoolean();
    /** When a grant last asked, in {@link System#nanoTime()}; far in the past at first. */
    private final AtomicLong lastAsked = new AtomicLong(System.nanoTime() - 2 * ASK_EVERY_NANOS);

    LockIdsWarning(boolean toozLockIds, String memberId) {
        this.toozLockIds = toozLockIds;
        this.memberId = memberId;
    }

    /** Whether this grant should ask about the other layout: not once warned, and at most once a second. */
    boolean askNow() {
        if (warned.get()) {
            return false;
        }
        long last = lastAsked.get();
        long now = System.nanoTime();
        return now - last >= ASK_EVERY_NANOS && lastAsked.compareAndSet(last, now);
    }

    /** The other layout's lock {@code other} of {@code k} was held when this coordinator asked for {@code k}. */
    void otherLayoutHeld(LockKey k, LockKey other) {
        if (!warned.compareAndSet(false, true)) {
            return;
        }
        if (toozLockIds) {
            LOG.warn(
                    "{}: {} is also held as tooz for Java's default 64-bit advisory lock {} (lock_ids=hash64), which"
                            + " this coordinator's lock_ids=tooz does not exclude: set lock_ids=hash64 (or remove"
                            + " lock_ids) on the postgresql:// URL to share locks with those coordinators (logged once"
                            + " per coordinator)",
                    memberId,
                    k.label(),
                    other.bigint());
        } else {
            LOG.warn(
                    "{}: {} is also held as Python tooz's advisory lock ({}, {}) (the first two bytes of the MD5 of"
                            + " its name), which this coordinator's lock_ids=hash64 does not exclude: set lock_ids=tooz"
                            + " on the postgresql:// URL to share locks with Python tooz (logged once per coordinator)",
                    memberId,
                    k.label(),
                    other.k1(),
                    other.k2());
        }
    }
}
