package io.tooz.driver.zookeeper;

import java.time.Duration;

/**
 * Parsed connection settings; {@link #toString()} hides the password.
 *
 * @param connectString the servers, {@code host:port,...}, without a chroot
 * @param chroot where tooz's znodes go, {@code /a/b}, or empty for the root (as a chroot of kazoo's, but kept by the
 *     driver in its paths, so that it can create the chroot node)
 * @param randomizeHosts shuffle the servers before trying them (kazoo's {@code randomize_hosts}), else try them in
 *     the order given
 * @param juteMaxBuffer the largest packet ZooKeeper takes: system property {@code jute.maxbuffer} (as ZooKeeper's
 *     client and server read it), default 1 MiB - 1
 */
record ZkSettings(
        String connectString,
        String chroot,
        String namespace,
        Duration timeout,
        String user,
        String password,
        ZkTls tls,
        boolean randomizeHosts,
        int juteMaxBuffer) {
    @Override
    public String toString() {
        return "zookeeper://" + (user == null ? "" : "***@") + connectString + chroot;
    }
}
