package io.tooz.driver.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one WARN per coordinator and kind of evidence that someone uses the other {@code lock_key_format}: Python tooz 8.1
 * and earlier (Debian's 3.1.0) keep locks and leaderships at {@code b'<ns>'_b'<name>'_lock}, Python tooz 9.0 and later
 * at {@code <ns>_<name>_lock}, and a lock held under one key does not exclude a holder of the other. The evidence is
 * found where it costs no round trip: the other key of a lock this coordinator acquires exists (the acquire script
 * checks it, until this warned), or a group member's record carries Python 8.1's default capabilities {@code b''}.
 */
final class LockKeyFormatWarning {
    private static final Logger LOG = LoggerFactory.getLogger(LockKeyFormatWarning.class);

    private final boolean legacy;
    private final String memberId;
    private final AtomicBoolean lockKeys = new AtomicBoolean();
    private final AtomicBoolean groupRecords = new AtomicBoolean();

    LockKeyFormatWarning(boolean legacy, String memberId) {
        this.legacy = legacy;
        this.memberId = memberId;
    }

    /** Whether the acquire script should still look at the other key format's key. */
    boolean watchingLockKeys() {
        return !lockKeys.get();
    }

    /** The other format's key {@code otherKey} of {@code what} (a lock or leadership) exists. */
    void otherLockKeyHeld(String what, String otherKey) {
        if (lockKeys.compareAndSet(false, true)) {
            LOG.warn(
                    "{}: {} is also held under the key {} of {}, which does not exclude this coordinator's"
                            + " lock_key_format={} ({}): set lock_key_format={} on the redis:// URL to share locks and"
                            + " leaders with it (logged once per coordinator)",
                    memberId,
                    what,
                    otherKey,
                    legacy ? "Python tooz 9.0 and later" : "Python tooz 8.1 and earlier (Debian's 3.1.0)",
                    legacy ? "legacy" : "modern",
                    legacy ? "b'<ns>'_b'<name>'_lock" : "<ns>_<name>_lock",
                    legacy ? "modern" : "legacy");
        }
    }

    /**
     * Member {@code member} of {@code groupId} joined with capabilities {@code b''}, Python tooz 8.1's and earlier's
     * default (9.0 and tooz for Java store {@code None}): with modern lock keys, the locks and leaders of such a member
     * are not shared.
     */
    void python81Member(String groupId, String member) {
        if (!legacy && groupRecords.compareAndSet(false, true)) {
            LOG.warn(
                    "{}: member {} of group {} joined with capabilities b'', as Python tooz 8.1 and earlier (Debian's"
                            + " 3.1.0) do by default; those keep locks and leaders at b'<ns>'_b'<name>'_lock, which this"
                            + " coordinator's lock_key_format=modern does not share: set lock_key_format=legacy on the"
                            + " redis:// URL to share locks and leaders with them (logged once per coordinator)",
                    memberId,
                    member,
                    groupId);
        }
    }
}
