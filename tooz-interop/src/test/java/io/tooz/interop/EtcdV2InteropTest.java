package io.tooz.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the {@code etcd://} warning says, shown: Python tooz 3.1.0's {@code etcd://} driver locks through etcd's v2 API
 * (which the shared etcd 3.4 still serves, started with {@code --enable-v2}), Java's {@code etcd://} through the v3
 * keys of Python's {@code etcd3+http://} driver, so the two do not exclude each other.
 */
class EtcdV2InteropTest extends EtcdInteropFixture {
    @Override
    String url() {
        return "etcd://127.0.0.1:" + PORT + "?lock_timeout=" + LOCK_TIMEOUT.toSeconds();
    }

    @Test
    void pythonsV2LocksAndJavasEtcdLocksOfOneNameDoNotExcludeEachOther() {
        PythonLock py = pythonLock(python("py-v2"), name("v2"));
        Coordinator java = java("java-v3");
        assertThat(py.acquire(false)).isEqualTo(true);
        Optional<LockLease> javaLease = java.getLock(py.name()).tryAcquire();
        assertThat(javaLease)
                .as("Java taking the lock Python's v2 driver holds")
                .isPresent();
        assertThat(rawKeys(LOCKS + py.name()))
                .as("Java's lock at the etcd3+http layout")
                .hasSize(1);
        assertThat(py.release()).isEqualTo(true);
        assertThat(py.acquire(false)).as("Python taking the lock Java holds").isEqualTo(true);
        assertThat(javaLease.orElseThrow().release()).isTrue();
        assertThat(py.release()).isEqualTo(true);
    }
}
