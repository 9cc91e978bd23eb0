package io.tooz.interop;

import io.tooz.Coordinator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Java member and a Python tooz 3.1.0 member (Debian python3-tooz with PyMySQL) on one MariaDB exclude each other
 * on a lock, with the Java driver's defaults: both take {@code GET_LOCK} under the lock's own name. Python tooz has
 * only locks on this database, so only locks are compared.
 */
class MySqlInteropTest extends MySqlInteropFixture {
    @Test
    void aLockPythonHoldsExcludesJavaUntilPythonReleasesIt() throws Exception {
        PythonLock py = new PythonLock(python("py-first"), lockName("python-first"), false);
        LockInterop.assertPythonHoldsOffJavaUntilItReleases(py, java("java-next"), PYTHON_HOLDER);
    }

    @Test
    void aLockJavaHoldsExcludesPythonUntilJavaReleasesIt() {
        PythonLock py = new PythonLock(python("py-next"), lockName("java-first"), false);
        LockInterop.assertJavaHoldsOffPythonUntilItReleases(py, java("java-first"));
    }

    /**
     * Names as Python passes them, str or UTF-8 bytes (PyMySQL sends both as the same string), with characters
     * outside ASCII and up to MariaDB's limit of 192 UTF-8 bytes, which the Java driver passes unchanged.
     */
    @Test
    void namesOfAnyCharactersUpToTheServersLimitAreOneLockOnBothSides() {
        PythonPeer py = python("py-names");
        Coordinator java = java("java-names");
        String sixtyFour = padded(lockName("x"), 64);
        String longest = padded(lockName("x"), 192);
        String wide = lockName("é");
        wide += "é".repeat((192 - wide.getBytes(StandardCharsets.UTF_8).length) / 2);
        for (String name : List.of(
                lockName("ключ é ✓ \uD83D\uDD11"), lockName("with 'quotes' and \\"), sixtyFour, longest, wide)) {
            LockInterop.assertOneLockOnBothSides(new PythonLock(py, name, false), java);
            LockInterop.assertOneLockOnBothSides(new PythonLock(py, name, true), java);
        }
    }

    private static String padded(String name, int length) {
        return name + "x".repeat(length - name.length());
    }
}
