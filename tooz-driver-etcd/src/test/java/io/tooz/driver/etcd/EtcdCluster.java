package io.tooz.driver.etcd;

import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.auth.Permission;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.tooz.tck.FaultPorts;
import io.tooz.tck.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;

/**
 * A private etcd cluster of 1 or 3 members, run as child processes of the test JVM on free loopback ports, with
 * fast raft timings (heartbeat 50 ms, election 500 ms). Peers talk plain HTTP; clients plain HTTP or TLS. Member i
 * is named {@code m<i>} and logs to {@code m<i>.log} in the cluster's temp dir, which {@link #close()} deletes.
 */
final class EtcdCluster implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Path dir;
    private final TestCertificates certs; // null: plain HTTP
    private final boolean clientCertAuth;
    private final String token = "tooz-test-" + UUID.randomUUID();
    private final EtcdMember[] members;
    private final Thread reaper = new Thread(this::killAll, "etcd-cluster-reaper");
    private volatile String rootPassword; // set by enableAuth

    private EtcdCluster(int size, TestCertificates certs, boolean clientCertAuth) throws IOException {
        this.dir = Files.createTempDirectory("tooz-etcd-cluster");
        this.certs = certs;
        this.clientCertAuth = clientCertAuth;
        this.members = IntStream.range(0, size)
                .mapToObj(i -> new EtcdMember("m" + i, dir))
                .toArray(EtcdMember[]::new);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    static EtcdCluster start(int members) {
        return launch(members, null, false);
    }

    /** Clients must trust {@code certs.caCert()}, and present {@code certs.clientCert()} if clientCertAuth. */
    static EtcdCluster startTls(int members, TestCertificates certs, boolean clientCertAuth) {
        return launch(members, certs, clientCertAuth);
    }

    private static EtcdCluster launch(int size, TestCertificates certs, boolean clientCertAuth) {
        EtcdServers.requireBinary();
        if (size != 1 && size != 3) {
            throw new IllegalArgumentException("1 or 3 members, not " + size);
        }
        for (int attempt = 1; ; attempt++) {
            EtcdCluster cluster;
            try {
                cluster = new EtcdCluster(size, certs, clientCertAuth);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                IntStream.range(0, size).forEach(i -> cluster.spawn(i, "new"));
                IntStream.range(0, size).forEach(cluster::awaitServing);
                return cluster;
            } catch (RuntimeException | AssertionError e) {
                // a port that was free when picked may be taken by someone else before etcd binds it
                boolean portClash = cluster.logs().contains("address already in use");
                cluster.close();
                if (!portClash || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    int size() {
        return members.length;
    }

    String endpoint(int i) {
        return members[i].endpoint();
    }

    List<String> endpoints() {
        return Stream.of(members).map(EtcdMember::endpoint).toList();
    }

    /** {@code 127.0.0.1:P1,127.0.0.1:P2,...}, for driver URLs. */
    String hostList() {
        return String.join(",", endpoints());
    }

    /** A jetcd client builder on all members: TLS as the cluster needs it, short timeouts, no credentials. */
    ClientBuilder clientBuilder() {
        return clientBuilder(IntStream.range(0, size()).toArray());
    }

    /** The same on the given members only. */
    ClientBuilder clientBuilder(int... indexes) {
        String scheme = certs == null ? "http://" : "https://";
        ClientBuilder b = Client.builder()
                .endpoints(IntStream.of(indexes)
                        .mapToObj(i -> URI.create(scheme + endpoint(i)))
                        .toArray(URI[]::new))
                .connectTimeout(Duration.ofSeconds(2))
                .retryMaxDuration(Duration.ofSeconds(5));
        try {
            return certs == null
                    ? b
                    : b.sslContext(ssl -> {
                        ssl.trustManager(certs.caCert().toFile());
                        if (clientCertAuth) {
                            ssl.keyManager(
                                    certs.clientCert().toFile(),
                                    certs.clientKey().toFile());
                        }
                    });
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    void kill(int i) {
        members[i].kill();
    }

    /**
     * Starts a killed member again on its data dir. Waits until it serves if a majority is then up, else only until
     * its client port accepts connections.
     */
    void restart(int i) {
        if (isAlive(i)) {
            throw new IllegalStateException("member " + i + " is running");
        }
        spawn(i, "existing");
        if (running().length > size() / 2) {
            awaitServing(i);
        } else {
            await(
                    () -> FaultPorts.listensWithin(members[i].clientPort, Duration.ofMillis(200)),
                    "member " + i + " to listen on " + endpoint(i));
        }
    }

    void pause(int i) {
        members[i].signal("STOP");
    }

    void resume(int i) {
        members[i].signal("CONT");
    }

    long pid(int i) {
        return members[i].pid();
    }

    boolean isAlive(int i) {
        return members[i].isAlive();
    }

    /** Index of the raft leader, as the running members see it; waits out an election. */
    int leaderIndex() {
        int[] running = running();
        try (Client c = adminBuilder(running).build()) {
            int[] found = {-1};
            await(() -> (found[0] = currentLeader(c, running)) >= 0, "a leader among the running members");
            return found[0];
        }
    }

    /** Adds user root with the root role and enables authentication; later admin calls here log in as root. */
    void enableAuth(String password) {
        admin(auth -> {
            auth.userAdd(bytes("root"), bytes(password)).get(5, TimeUnit.SECONDS);
            auth.userGrantRole(bytes("root"), bytes("root")).get(5, TimeUnit.SECONDS);
            auth.authEnable().get(5, TimeUnit.SECONDS);
        });
        rootPassword = password;
    }

    /** Adds a user allowed to read and write every key (through role {@code <user>-rw}); after enableAuth. */
    void addUser(String user, String password) {
        ByteSequence role = bytes(user + "-rw");
        ByteSequence all = bytes("\0"); // from key "\0" to range end "\0" (no end): every key
        admin(auth -> {
            auth.roleAdd(role).get(5, TimeUnit.SECONDS);
            auth.roleGrantPermission(role, all, all, Permission.Type.READWRITE).get(5, TimeUnit.SECONDS);
            auth.userAdd(bytes(user), bytes(password)).get(5, TimeUnit.SECONDS);
            auth.userGrantRole(bytes(user), role).get(5, TimeUnit.SECONDS);
        });
    }

    /** The tail of every member's log, for failure messages. */
    String logs() {
        return Stream.of(members)
                .map(m -> "\n--- etcd member " + m.name + " (" + m.exitStatus() + "), log tail ---\n" + m.logTail(20))
                .collect(Collectors.joining());
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
        EtcdServers.deleteTree(dir);
    }

    private void killAll() {
        Stream.of(members).forEach(EtcdMember::kill);
    }

    private void spawn(int i, String state) {
        List<String> flags = new ArrayList<>(List.of(
                "--initial-cluster="
                        + Stream.of(members)
                                .map(m -> m.name + "=" + m.peerUrl())
                                .collect(Collectors.joining(",")),
                "--initial-cluster-state=" + state,
                "--initial-cluster-token=" + token,
                "--heartbeat-interval=50",
                "--election-timeout=500"));
        if (certs != null) {
            flags.add("--cert-file=" + certs.serverCert());
            flags.add("--key-file=" + certs.serverKey());
            if (clientCertAuth) { // a trusted CA file alone would already make etcd require client certificates
                flags.add("--client-cert-auth");
                flags.add("--trusted-ca-file=" + certs.caCert());
            }
        }
        members[i].start(certs == null ? "http" : "https", flags);
    }

    /** Waits until member i answers a linearizable read: it is up and the cluster has a leader. */
    private void awaitServing(int i) {
        try (Client c = adminBuilder(i).build()) {
            await(() -> serves(c, i), "member " + i + " (" + endpoint(i) + ") to serve");
        }
    }

    private boolean serves(Client c, int i) throws Exception {
        if (!isAlive(i)) {
            throw new AssertionError("etcd member " + i + " ended" + logs());
        }
        c.getKVClient().get(bytes("tooz-harness-probe")).get(1, TimeUnit.SECONDS);
        return true;
    }

    /** The member that says it leads (the highest term wins if two do), or -1. */
    private int currentLeader(Client c, int[] candidates) {
        int leader = -1;
        long leaderTerm = -1;
        for (int i : candidates) {
            String url = (certs == null ? "http://" : "https://") + endpoint(i);
            try {
                StatusResponse s = c.getMaintenanceClient().statusMember(url).get(1, TimeUnit.SECONDS);
                if (s.getLeader() == s.getHeader().getMemberId() && s.getRaftTerm() > leaderTerm) {
                    leader = i;
                    leaderTerm = s.getRaftTerm();
                }
            } catch (Exception notAnswering) {
                // paused or starting: not the leader as far as the tests are concerned
            }
        }
        return leader;
    }

    private int[] running() {
        return IntStream.range(0, size()).filter(this::isAlive).toArray();
    }

    private ClientBuilder adminBuilder(int... indexes) {
        ClientBuilder b = clientBuilder(indexes);
        String password = rootPassword;
        return password == null ? b : b.user(bytes("root")).password(bytes(password));
    }

    private interface AuthCalls {
        void run(Auth auth) throws Exception;
    }

    private void admin(AuthCalls calls) {
        try (Client c = adminBuilder(running()).build()) {
            calls.run(c.getAuthClient());
        } catch (Exception e) {
            throw new IllegalStateException("etcd admin call failed: " + e + logs(), e);
        }
    }

    private void await(EtcdServers.Check check, String what) {
        EtcdServers.await(check, WAIT, what, this::logs);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
