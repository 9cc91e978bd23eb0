package io.tooz.driver.zookeeper;

import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import org.apache.zookeeper.KeeperException;

/** The one place ZooKeeper and Curator failures become tooz exceptions. */
final class ZkErrors {
    private final String hosts;

    ZkErrors(String hosts) {
        this.hosts = hosts;
    }

    ToozException translate(String what, Exception e) {
        if (e instanceof ToozException te) {
            return te;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new ToozException("interrupted while " + what, e);
        }
        if (e instanceof KeeperException ke) {
            switch (ke.code()) {
                case CONNECTIONLOSS, SESSIONEXPIRED, SESSIONMOVED, OPERATIONTIMEOUT:
                    return new ToozConnectionException(
                            "ZooKeeper at " + hosts + " unreachable while " + what + ": " + ke.code(), e);
                default:
                    return new ToozException("ZooKeeper error while " + what + ": " + ke.getMessage(), e);
            }
        }
        return new ToozException("ZooKeeper error while " + what + ": " + e, e);
    }

    /** Runs a ZooKeeper call, translating its failures. */
    <T> T call(String what, ZkCall<T> call) {
        try {
            return call.run();
        } catch (Exception e) {
            throw translate(what, e);
        }
    }

    /** A ZooKeeper call that may throw anything. */
    @FunctionalInterface
    interface ZkCall<T> {
        @SuppressWarnings("java:S112")
        T run() throws Exception;
    }
}
