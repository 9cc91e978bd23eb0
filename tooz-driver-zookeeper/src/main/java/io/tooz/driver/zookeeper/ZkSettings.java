package io.tooz.driver.zookeeper;

import java.time.Duration;

/** Parsed connection settings; {@link #toString()} hides the password. */
record ZkSettings(String connectString, String namespace, Duration timeout, String user, String password, ZkTls tls) {
    @Override
    public String toString() {
        return "zookeeper://" + (user == null ? "" : user + ":***@") + connectString;
    }
}
