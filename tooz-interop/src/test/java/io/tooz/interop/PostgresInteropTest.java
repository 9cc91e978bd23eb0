package io.tooz.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.tck.OutputCapture;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A Java member and a Python tooz 3.1.0 member (Debian python3-tooz with psycopg2) on one PostgreSQL exclude each
 * other on a lock when Java runs with {@code lock_ids=tooz}: both then take the advisory lock {@code (md5[0],
 * md5[1])} of the name's UTF-8 bytes. With the Java driver's default 64-bit ids they do not, as documented. Python
 * tooz has only locks on this database, so only locks are compared.
 */
class PostgresInteropTest extends PostgresInteropFixture {
    @Test
    void aLockPythonHoldsExcludesJavaUntilPythonReleasesIt() throws Exception {
        PythonLock py = pythonLock(python("py-first"), lockName("python-first"));
        LockInterop.assertPythonHoldsOffJavaUntilItReleases(py, java("java-next"), PYTHON_HOLDER);
    }

    @Test
    void aLockJavaHoldsExcludesPythonUntilJavaReleasesIt() {
        PythonLock py = pythonLock(python("py-next"), lockName("java-first"));
        LockInterop.assertJavaHoldsOffPythonUntilItReleases(py, java("java-first"));
    }

    /** Names with characters outside ASCII, and as long as tooz for Java allows (255 UTF-8 bytes). */
    @Test
    void namesOfAnyCharactersAndLengthAreOneLockOnBothSides() {
        PythonPeer py = python("py-names");
        Coordinator java = java("java-names");
        String longest = lockName("long") + "-" + "ж".repeat(120);
        longest += "x".repeat(255 - longest.getBytes(StandardCharsets.UTF_8).length);
        for (String name : List.of(lockName("ключ é ✓ \uD83D\uDD11"), lockName("with 'quotes' and \\"), longest)) {
            LockInterop.assertOneLockOnBothSides(pythonLock(py, name), java);
        }
    }

    /** Shows that Java uses Python's id itself, not the name: two names of one id are one lock for both. */
    @Test
    void twoNamesWhoseMd5StartsAlikeAreOneLockOnBothSides() {
        PythonPeer py = python("py-collide");
        Coordinator java = java("java-collide");
        Coordinator hash64 = javaWithDefaultLockIds("java-hash64");
        String[] names = twoNamesOfOneToozLockId();
        PythonLock first = pythonLock(py, names[0]);

        assertThat(first.acquire(false)).isEqualTo(true);
        assertThat(java.getLock(names[1]).tryAcquire())
                .as("'%s' while Python holds '%s', with lock_ids=tooz", names[1], names[0])
                .isEmpty();
        hash64.getLock(names[1]).tryAcquire().orElseThrow().release();
        assertThat(first.release()).isEqualTo(true);

        LockLease lease = java.getLock(names[1]).acquire(TIMEOUT);
        assertThat(first.acquire(false)).isEqualTo(false);
        assertThat(lease.release()).isTrue();
        assertThat(first.acquire(false)).isEqualTo(true);
        assertThat(first.release()).isEqualTo(true);
    }

    /** The documented default: 64-bit ids from SHA-256 are not Python's ids, so neither side holds the other off. */
    @Test
    void withTheDefaultLockIdsJavaAndPythonDoNotExcludeEachOther() {
        PythonPeer py = python("py-default");
        Coordinator hash64 = javaWithDefaultLockIds("java-default");
        Coordinator toozIds = java("java-tooz-ids");

        PythonLock byPython = pythonLock(py, lockName("held-by-python"));
        assertThat(byPython.acquire(false)).isEqualTo(true);
        assertThat(toozIds.getLock(byPython.name()).tryAcquire())
                .as("Java with lock_ids=tooz, while Python holds the lock")
                .isEmpty();
        Optional<LockLease> beside = hash64.getLock(byPython.name()).tryAcquire();
        assertThat(beside)
                .as("Java with default lock ids, while Python holds the lock")
                .isPresent();
        assertThat(hash64.getLock(byPython.name()).holder()).contains("java-default");
        assertThat(beside.get().release()).isTrue();
        assertThat(byPython.release()).isEqualTo(true);

        PythonLock byJava = pythonLock(py, lockName("held-by-java"));
        LockLease lease = hash64.getLock(byJava.name()).acquire(TIMEOUT);
        assertThat(byJava.acquire(false))
                .as("Python, while Java with default lock ids holds the lock")
                .isEqualTo(true);
        assertThat(lease.isStillOwner()).isTrue();
        assertThat(byJava.release()).isEqualTo(true);
        assertThat(lease.release()).isTrue();
    }

    /**
     * A Java coordinator with the default lock ids takes a lock beside Python's grant of it, and logs one WARN naming
     * {@code lock_ids=tooz} (its grant's statement finds Python's advisory lock in {@code pg_locks}); one with {@code
     * lock_ids=tooz} is held off and logs nothing.
     */
    @Test
    void aDefaultJavaCoordinatorWarnsOnceWhenPythonHoldsTheSameLock() throws InterruptedException {
        PythonPeer py = python("py-holds");
        PythonLock held = pythonLock(py, lockName("held"));
        assertThat(held.acquire(false)).isEqualTo(true);
        try (OutputCapture out = new OutputCapture()) {
            Coordinator toozIds = java("java-tooz-ids");
            assertThat(toozIds.getLock(held.name()).tryAcquire()).isEmpty();
            Coordinator hash64 = javaWithDefaultLockIds("java-hash64");
            assertThat(hash64.getLock(held.name()).tryAcquire().orElseThrow().release())
                    .isTrue();
            Thread.sleep(1100); // past the once-a-second limit on asking: still one WARN
            assertThat(hash64.getLock(held.name()).tryAcquire().orElseThrow().release())
                    .isTrue();
            assertThat(warnings(out, "is also held as")).as(out.text()).isEqualTo(1);
            assertThat(out.text())
                    .contains("java-hash64: lock " + held.name() + " is also held as Python tooz's advisory lock (")
                    .contains("set lock_ids=tooz");
        }
        assertThat(held.release()).isEqualTo(true);
    }

    /** Two of this test's lock names whose MD5 digests share the first two bytes, Python tooz 3.1.0's lock id. */
    private String[] twoNamesOfOneToozLockId() {
        Map<Integer, String> byId = new HashMap<>();
        for (int i = 0; ; i++) {
            String name = lockName("collide-" + i);
            byte[] md5 = md5(name);
            String other = byId.putIfAbsent((md5[0] & 0xff) << 8 | (md5[1] & 0xff), name);
            if (other != null) {
                return new String[] {other, name};
            }
        }
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
