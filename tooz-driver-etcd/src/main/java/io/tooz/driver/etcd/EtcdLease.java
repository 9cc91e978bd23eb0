package io.tooz.driver.etcd;

import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.tooz.ToozException;

/**
 * One etcd lease of this coordinator (the membership's or the locks'), kept alive by the core's heartbeats with
 * one {@code LeaseKeepAlive} each, not jetcd's keep-alive stream (whose failures jetcd users report go unnoticed). When
 * it is found gone, a new one is granted and {@link #generation()} grows.
 */
final class EtcdLease {
    private final EtcdClient client;
    private final String name;
    private final long ttlSeconds;
    private volatile long id;
    private volatile long generation;
    private volatile long grantedTtl;
    /** When the request that last set the TTL was sent ({@link System#nanoTime()}). */
    private volatile long confirmed;

    EtcdLease(EtcdClient client, String name, long ttlSeconds) {
        this.client = client;
        this.name = name;
        this.ttlSeconds = ttlSeconds;
    }

    long id() {
        return id;
    }

    long generation() {
        return generation;
    }

    synchronized void grant() {
        long sent = System.nanoTime();
        var r = client.call(
                "granting the " + name + " lease", () -> client.leases().grant(ttlSeconds));
        id = r.getID();
        grantedTtl = r.getTTL();
        confirmed = sent;
        generation++;
    }

    /** Grants a new lease unless someone already replaced the one of {@code seenGeneration}. */
    synchronized void replace(long seenGeneration) {
        if (generation == seenGeneration) {
            grant();
        }
    }

    /**
     * Refreshes the TTL.
     *
     * @return false if the lease was gone (it had expired or was revoked)
     */
    boolean keepAlive() {
        long sent = System.nanoTime();
        long leaseId = id;
        try {
            var r = client.call(
                    "refreshing the " + name + " lease", () -> client.leases().keepAliveOnce(leaseId));
            if (r.getTTL() <= 0) {
                return false;
            }
        } catch (ToozException e) {
            if (isLeaseNotFound(e)) {
                return false;
            }
            throw e;
        }
        confirmed = sent;
        return true;
    }

    /** When the request that last set the TTL was sent ({@link System#nanoTime()}). */
    long confirmedNanos() {
        return confirmed;
    }

    /**
     * Refreshes the lease unless a refresh was sent less than a third of its TTL ago (or replaces it if it is gone),
     * so a grant made under it starts with most of its TTL ahead.
     */
    void keepFresh() {
        if (System.nanoTime() - confirmed < java.util.concurrent.TimeUnit.SECONDS.toNanos(ttlSeconds) / 3) {
            return;
        }
        long seen = generation;
        if (!keepAlive()) {
            replace(seen);
        }
    }

    /** Whether the TTL has surely run out since the last refresh that reached the server. */
    boolean surelyExpired() {
        return System.nanoTime() - confirmed > java.util.concurrent.TimeUnit.SECONDS.toNanos(grantedTtl);
    }

    void revoke() {
        long leaseId = id;
        client.call("revoking the " + name + " lease", () -> client.leases().revoke(leaseId));
    }

    /** Whether etcd answered that the lease does not exist (it expired or was revoked). */
    static boolean isLeaseNotFound(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            boolean notFound = c instanceof EtcdException ee
                    ? ee.getErrorCode() == ErrorCode.NOT_FOUND
                    : (c instanceof io.grpc.StatusRuntimeException || c instanceof io.grpc.StatusException)
                            && io.grpc.Status.fromThrowable(c).getCode() == io.grpc.Status.Code.NOT_FOUND;
            if (notFound && String.valueOf(c.getMessage()).contains("lease")) {
                return true;
            }
        }
        return false;
    }
}
