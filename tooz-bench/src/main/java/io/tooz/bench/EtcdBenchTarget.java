package io.tooz.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lock;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.tooz.ToozConnectionException;
import io.tooz.bench.BenchRounds.Op;
import io.tooz.spi.ConnectionUrl;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The etcd server {@link EtcdBench} measures and its bare jetcd client: the {@link Target} a URL names, the client, the
 * raw floor and etcd's own Lock service as operations, the server version and the clean-up of the benchmark's keys.
 */
final class EtcdBenchTarget {
    /** How long a single request of the bare client may take before the benchmark gives up. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private EtcdBenchTarget() {}

    /**
     * The server named by an {@code etcd3+http://HOST[:PORT]} URL (or {@code etcd3://}, {@code etcd://} without TLS) (the port defaults to 2379).
     *
     * @param url the URL the coordinators use, unchanged
     */
    record Target(String url, String host, int port) {

        static Target of(String url) {
            ConnectionUrl u = ConnectionUrl.parse(url);
            boolean tls = u.scheme().equals("etcd3+https")
                    || (u.scheme().equals("etcd3") && u.query().containsKey("ca_cert"))
                    || (u.scheme().equals("etcd")
                            && u.query()
                                    .getOrDefault("protocol", java.util.List.of())
                                    .contains("https"));
            if (tls) {
                throw new IllegalArgumentException("the benchmark's bare jetcd client (raw floor, etcd's Lock service)"
                        + " does not do TLS here; benchmark a plain (loopback) server with etcd3+http://");
            }
            BenchUrls.require(
                    java.util.Set.of("etcd3+http", "etcd3", "etcd").contains(u.scheme()),
                    "EtcdBench",
                    "an etcd3+http://, etcd3:// or etcd:// URL",
                    url);
            BenchUrls.require(u.hosts().size() == 1, "EtcdBench", "one HOST:PORT in the URL", url);
            if (u.user().isPresent()) {
                throw new IllegalArgumentException("the benchmark's bare jetcd client does not authenticate here;"
                        + " benchmark a server without users (as scripts/backends.sh up etcd starts)");
            }
            ConnectionUrl.HostPort hp = u.hosts().get(0);
            return new Target(url, hp.host(), hp.portOr(2379));
        }

        /** {@code host:port}, for messages. */
        String address() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        /** The gRPC endpoint of the bare client. */
        String endpoint() {
            return "http://" + address();
        }
    }

    /**
     * A bare jetcd client on the server, checked with a status request (which also gives the version); a server that
     * cannot be reached is a {@link ToozConnectionException}.
     */
    static Client connect(Target t) {
        Client c = Client.builder()
                .endpoints(t.endpoint())
                .connectTimeout(Duration.ofSeconds(5))
                .waitForReady(false) // fail (after jetcd's retries) rather than wait while the server is unreachable
                .build();
        try {
            await(c.getMaintenanceClient().statusMember(t.endpoint()), "status");
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw new ToozConnectionException(
                    "cannot reach etcd at " + t.address() + ": " + e.getMessage()
                            + " (is etcd running? scripts/backends.sh up etcd starts one)",
                    e);
        }
    }

    /** {@code etcd 3.4.23}, or why not. */
    static String serverVersion(Client c, Target t) {
        try {
            return "etcd "
                    + await(c.getMaintenanceClient().statusMember(t.endpoint()), "status")
                            .getVersion();
        } catch (RuntimeException e) {
            return "version unknown";
        }
    }

    /** A lease of {@code ttl}, granted once; its keys go when it is revoked (or expires). */
    static long grant(Client c, Duration ttl) {
        return await(c.getLeaseClient().grant(ttl.toSeconds()), "lease grant").getID();
    }

    /**
     * The raw floor of one lock round on {@code key}: {@code put} of the key with the lease, then {@code delete} of it;
     * two round trips, the least work a lock could do.
     */
    static Op rawLock(Client c, String key, byte[] holder, long lease) {
        LeasedKey p = LeasedKey.of(c, key, holder, lease);
        return () -> {
            p.kv().put(p.key(), p.value(), p.withLease()).get();
            if (p.kv().delete(p.key()).get().getDeleted() != 1) {
                throw new IllegalStateException("raw floor: " + key + " was gone before its delete");
            }
        };
    }

    /**
     * A correct lock by hand, for reading the floor: a transaction {@code create_revision == 0} then {@code put}, and
     * one {@code value ==} then {@code delete}; the same two requests tooz makes, without tooz.
     */
    static Op txnLock(Client c, String key, byte[] holder, long lease) {
        LeasedKey p = LeasedKey.of(c, key, holder, lease);
        return () -> {
            boolean took = p.kv().txn()
                    .If(new Cmp(p.key(), Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                    .Then(io.etcd.jetcd.op.Op.put(p.key(), p.value(), p.withLease()))
                    .commit()
                    .get()
                    .isSucceeded();
            boolean released = p.kv().txn()
                    .If(new Cmp(p.key(), Cmp.Op.EQUAL, CmpTarget.value(p.value())))
                    .Then(io.etcd.jetcd.op.Op.delete(p.key(), DeleteOption.DEFAULT))
                    .commit()
                    .get()
                    .isSucceeded();
            if (!took || !released) {
                throw new IllegalStateException("lock by hand: " + key + " was taken by someone else");
            }
        };
    }

    /** A key with its holder as value, put with a lease: what the raw floor and the lock by hand write. */
    private record LeasedKey(KV kv, ByteSequence key, ByteSequence value, PutOption withLease) {
        static LeasedKey of(Client c, String key, byte[] holder, long lease) {
            return new LeasedKey(
                    c.getKVClient(),
                    bytes(key),
                    ByteSequence.from(holder),
                    PutOption.builder().withLeaseId(lease).build());
        }
    }

    /** etcd's own Lock service through jetcd: {@code lock(name, lease)}, then {@code unlock} of the key it returned. */
    static Op jetcdLock(Client c, String name, long lease) {
        Lock lock = c.getLockClient();
        ByteSequence n = bytes(name);
        return () -> lock.unlock(lock.lock(n, lease).get().getKey()).get();
    }

    /** One write: {@code put} of {@code key} with the lease. */
    static Op put(Client c, String key, byte[] value, long lease) {
        LeasedKey p = LeasedKey.of(c, key, value, lease);
        return () -> p.kv().put(p.key(), p.value(), p.withLease()).get();
    }

    /** One read: {@code get} of {@code key}, linearizable or serializable (answered by the member alone). */
    static Op get(Client c, String key, boolean serializable) {
        KV kv = c.getKVClient();
        ByteSequence k = bytes(key);
        GetOption option = GetOption.builder().withSerializable(serializable).build();
        return () -> kv.get(k, option).get();
    }

    /**
     * Revokes the lease (deleting its keys; -1: none was granted) and deletes every key starting with {@code prefix};
     * says so or why not.
     */
    static void cleanUp(PrintStream out, Client c, long lease, String prefix) {
        DeleteOption withPrefix = DeleteOption.builder().isPrefix(true).build();
        try {
            if (lease != -1) {
                await(c.getLeaseClient().revoke(lease), "lease revoke");
            }
            long deleted = await(c.getKVClient().delete(bytes(prefix), withPrefix), "delete")
                    .getDeleted();
            out.printf(
                    "cleanup: %sdeleted %d keys under %s*%n",
                    lease != -1 ? "revoked the benchmark's lease (and its keys); " : "", deleted, prefix);
        } catch (RuntimeException e) {
            out.println("cleanup: could not delete the keys under " + prefix + "*: " + e.getMessage());
        }
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** The future's value within {@link #REQUEST_TIMEOUT}; a failure is an {@link IllegalStateException} naming it. */
    static <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new IllegalStateException(what + " interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(what + " failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IllegalStateException(what + " got no answer within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        }
    }
}
