package io.tooz.driver.zookeeper;

import io.tooz.OperationTimedOutException;
import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import java.time.Duration;
import org.apache.zookeeper.KeeperException;

/**
 * The one place ZooKeeper and Curator failures become tooz exceptions, and the one place blocking calls get their
 * deadline: every {@link #call} ends within the {@code timeout} option (plus the {@link ZkDeadline} watchdog's tick),
 * whatever the network does, and waits for a lost connection only until two thirds of the timeout have passed since it
 * was lost (as long as ZooKeeper's client waits for a silent server), so the calls queued behind one another during an
 * outage all end by then and a connection back within the session timeout finds them done.
 */
final class ZkErrors {
    private final String hosts;
    private final Duration timeout;
    private final ZkLink link;

    ZkErrors(String hosts, Duration timeout, ZkLink link) {
        this.hosts = hosts;
        this.timeout = timeout;
        this.link = link;
    }

    /** How long a call waits for a lost connection, counted from when it was lost. */
    long outageNanos() {
        return timeout.toNanos() * 2 / 3;
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
                case CONNECTIONLOSS, SESSIONEXPIRED, SESSIONMOVED, OPERATIONTIMEOUT, REQUESTTIMEOUT:
                    return new ToozConnectionException(
                            "ZooKeeper at " + hosts + " unreachable while " + what + ": " + ke.code()
                                    + "; is it running and reachable from here? (option 'timeout' is "
                                    + timeout.toMillis() + " ms)",
                            e);
                default:
                    return new ToozException("ZooKeeper error while " + what + ": " + ke.getMessage(), e);
            }
        }
        return new ToozException("ZooKeeper error while " + what + ": " + e, e);
    }

    /** What a call that ran out of time throws: a connection error if there is no connection, else a timeout. */
    ToozException timedOut(String what, long budgetNanos, Exception cause) {
        long ms = Duration.ofNanos(budgetNanos).toMillis();
        if (!link.connected()) {
            long down = Duration.ofNanos(System.nanoTime() - link.lostAt()).toMillis();
            return new ToozConnectionException(
                    "ZooKeeper at " + hosts + " unreachable while " + what + ": no connection for " + down
                            + " ms (option 'timeout' is " + timeout.toMillis() + " ms); is it running and reachable"
                            + " from here?",
                    cause);
        }
        return new OperationTimedOutException(
                "ZooKeeper at " + hosts + " did not answer within " + ms + " ms (option 'timeout') while " + what,
                cause);
    }

    /**
     * Runs a ZooKeeper call within the {@code timeout} option, waiting for a lost connection only until two thirds of
     * the timeout have passed since it was lost; translates its failures.
     */
    <T> T call(String what, ZkCall<T> call) {
        return call(what, timeout.toNanos(), true, call);
    }

    /**
     * Runs a ZooKeeper call within {@code budgetNanos} (unless nested in a bound call), translating its failures; with
     * {@code outages}, it also ends once two thirds of the {@code timeout} have passed since the connection was lost.
     */
    <T> T call(String what, long budgetNanos, boolean outages, ZkCall<T> call) {
        ZkDeadline deadline = ZkDeadline.begin(budgetNanos, outages ? link : null, outageNanos());
        if (deadline != null && deadline.leftAt(System.nanoTime()) <= 0) {
            deadline.end();
            throw timedOut(what, budgetNanos, null);
        }
        if (deadline == null) { // nested: the outer call's deadline holds
            try {
                return call.run();
            } catch (Exception e) {
                throw translate(what, e);
            }
        }
        boolean ended = false;
        try {
            return call.run();
        } catch (Exception e) {
            ended = true;
            boolean expired = deadline.end();
            // an answer the backend gave (no such group...) stands even if the deadline passed meanwhile
            throw expired && !(e instanceof ToozException && e.getCause() == null)
                    ? timedOut(what, budgetNanos, e)
                    : translate(what, e);
        } finally {
            if (!ended) {
                deadline.end();
            }
        }
    }

    /** Nanoseconds left for the current call (the {@code timeout} option outside one); at least 1. */
    long remainingNanos() {
        return Math.max(1, ZkDeadline.remainingNanos(timeout.toNanos()));
    }

    /** A ZooKeeper call that may throw anything. */
    @FunctionalInterface
    interface ZkCall<T> {
        @SuppressWarnings("java:S112")
        T run() throws Exception;
    }
}
