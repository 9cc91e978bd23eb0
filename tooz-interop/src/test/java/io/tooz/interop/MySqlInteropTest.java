package io.tooz.interop;

import io.tooz.Coordinator;
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
        SqlLockInterop.assertPythonHoldsOffJavaUntilItReleases(py, java("java-next"), PYTHON_HOLDER);
    }

    @Test
    void aLockJavaHoldsExcludesPythonUntilJavaReleasesIt() {
        PythonLock py = new PythonLock(python("py-next"), lockName("java-first"), false);
        SqlLockInterop.assertJavaHoldsOffPythonUntilItReleases(py, java("java-first"));
    }

    /**
     * Names as Python passes them, str or UTF-8 bytes (PyMySQL sends both as the same string), with characters
     * outside ASCII and up to MySQL's 64-character limit, which the Java driver passes unchanged.
     */
    @Test
    void namesOfAnyCharactersUpTo64AreOneLockOnBothSides() {
        PythonPeer py = python("py-names");
        Coordinator java = java("java-names");
        String sixtyFour = lockName("x");
        sixtyFour += "x".repeat(64 - sixtyFour.length());
        for (String name : List.of(lockName("ключ é ✓ \uD83D\uDD11"), lockName("with 'quotes' and \\"), sixtyFour)) {
            SqlLockInterop.assertOneLockOnBothSides(new PythonLock(py, name, false), java);
            SqlLockInterop.assertOneLockOnBothSides(new PythonLock(py, name, true), java);
        }
    }
}
