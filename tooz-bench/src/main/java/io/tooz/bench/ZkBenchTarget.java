package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.ToozConnectionException;
import io.tooz.spi.ConnectionUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * The server {@link ZooKeeperBench} measures and its connections to it: the {@link Target} a URL names, the bare
 * ZooKeeper and Curator clients, session ids, clean-up, and the four-letter words ({@code srvr} for the version,
 * {@code cons} for per-session request counts).
 */
final class ZkBenchTarget {
    private static final Pattern CONS_LINE = Pattern.compile("recved=(\\d+).*?sid=0x([0-9a-fA-F]+)");

    private ZkBenchTarget() {}

    /**
     * The server and namespace named by a URL.
     *
     * @param url the URL the coordinators use, with the namespace
     * @param connectString host:port list for the bare clients
     * @param namespace the root znode's name
     * @param ownNamespace whether the namespace was made up here (and is deleted afterwards)
     * @param timeout session and connection timeout
     * @param digest {@code user:password} for digest authentication, or null
     */
    record Target(
            String url, String connectString, String namespace, boolean ownNamespace, Duration timeout, String digest) {

        static Target of(String url) {
            ConnectionUrl u = ConnectionUrl.parse(url);
            BenchUrls.require(
                    u.scheme().equals("zookeeper") || u.scheme().equals("kazoo"),
                    "ZooKeeperBench",
                    "a zookeeper:// URL",
                    url);
            Map<String, List<String>> q = u.query();
            if (q.containsKey("use_ssl") && Boolean.parseBoolean(last(q, "use_ssl"))) {
                throw new IllegalArgumentException("the benchmark's bare ZooKeeper and Curator clients do not do TLS;"
                        + " benchmark a plain (loopback) server");
            }
            List<String> hosts = new ArrayList<>();
            u.hosts()
                    .forEach(h -> hosts.add(
                            h.host().contains(":")
                                    ? "[" + h.host() + "]:" + h.portOr(2181)
                                    : h.host() + ":" + h.portOr(2181)));
            hosts.addAll(q.getOrDefault("hosts", List.of()));
            if (hosts.isEmpty()) {
                hosts.add("localhost:2181");
            }
            boolean own = !q.containsKey("namespace");
            String ns = own ? "tooz-bench-" + UUID.randomUUID() : last(q, "namespace");
            String full = own ? url + (url.contains("?") ? "&" : "?") + "namespace=" + ns : url;
            Duration timeout = Duration.ofSeconds(10);
            String t = q.containsKey("timeout") ? last(q, "timeout") : null;
            if (t != null && t.matches("\\d+(\\.\\d+)?")) {
                timeout = Duration.ofMillis((long) (Double.parseDouble(t) * 1000));
            }
            String digest =
                    u.user().map(user -> user + ":" + u.password().orElse("")).orElse(null);
            return new Target(full, String.join(",", hosts), ns, own, timeout, digest);
        }

        private static String last(Map<String, List<String>> q, String key) {
            List<String> values = q.get(key);
            return values.get(values.size() - 1);
        }

        int timeoutMs() {
            return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        }

        /** The first server's address, for four-letter words. */
        InetSocketAddress firstServer() {
            String hp = connectString.split(",")[0];
            int colon = hp.lastIndexOf(':');
            String host = hp.substring(0, colon).replace("[", "").replace("]", "");
            return new InetSocketAddress(host, Integer.parseInt(hp.substring(colon + 1)));
        }
    }

    static ZooKeeper connectRaw(Target target) throws InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk;
        try {
            zk = new ZooKeeper(target.connectString, target.timeoutMs(), e -> {
                if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            });
        } catch (IOException e) {
            throw new ToozConnectionException("cannot connect to ZooKeeper at " + target.connectString, e);
        }
        if (!connected.await(target.timeoutMs(), TimeUnit.MILLISECONDS)) {
            zk.close();
            throw new ToozConnectionException("cannot connect to ZooKeeper at " + target.connectString + " within "
                    + target.timeout + "; is it running? (scripts/backends.sh up zookeeper)");
        }
        if (target.digest != null) {
            zk.addAuthInfo("digest", target.digest.getBytes(StandardCharsets.UTF_8));
        }
        return zk;
    }

    static CuratorFramework connectCurator(Target target) throws InterruptedException {
        CuratorFrameworkFactory.Builder b = CuratorFrameworkFactory.builder()
                .connectString(target.connectString)
                .sessionTimeoutMs(target.timeoutMs())
                .connectionTimeoutMs(target.timeoutMs())
                .retryPolicy(new ExponentialBackoffRetry(100, 3, 1000));
        if (target.digest != null) {
            b.authorization("digest", target.digest.getBytes(StandardCharsets.UTF_8));
        }
        CuratorFramework c = b.build();
        c.start();
        if (!c.blockUntilConnected(target.timeoutMs(), TimeUnit.MILLISECONDS)) {
            c.close();
            throw new ToozConnectionException("Curator cannot connect to ZooKeeper at " + target.connectString);
        }
        return c;
    }

    /** The session id of {@code c}'s connection: the ephemeral owner of the member node it creates on joining. */
    static long sessionOf(Coordinator c, String group, ZooKeeper raw, String root)
            throws KeeperException, InterruptedException {
        c.joinGroup(group).get();
        try {
            Stat s = raw.exists(root + "/" + group + "/" + c.memberId(), false);
            return s == null ? -1 : s.getEphemeralOwner();
        } finally {
            c.leaveGroup(group).get();
        }
    }

    static long sessionOf(CuratorFramework c) {
        try {
            return c.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Deletes the fresh namespace, or only the benchmark's own nodes in a given one. */
    static void cleanUp(
            ZooKeeper raw, Target target, String root, List<String> ownPaths, List<String> rawPaths, PrintStream out) {
        List<String> doomed = new ArrayList<>();
        if (target.ownNamespace) {
            doomed.add(root);
        } else {
            doomed.addAll(ownPaths);
            doomed.addAll(rawPaths);
        }
        for (String path : doomed) {
            try {
                if (raw.exists(path, false) != null) {
                    ZKUtil.deleteRecursive(raw, path);
                }
            } catch (KeeperException | RuntimeException e) {
                out.println("cleanup: could not delete " + path + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ---- four-letter words ----

    static String serverVersion(Target target) {
        String srvr = fourLetterWord(target, "srvr");
        for (String line : srvr.split("\n")) {
            if (line.startsWith("Zookeeper version:")) {
                String v = line.substring("Zookeeper version:".length()).trim();
                int dash = v.indexOf('-');
                return "ZooKeeper " + (dash > 0 ? v.substring(0, dash) : v);
            }
        }
        return "version unknown";
    }

    /** Packets received per session, from 4lw 'cons'; empty if the server does not answer it. */
    static Map<Long, Long> received(Target target) {
        Map<Long, Long> bySession = new HashMap<>();
        for (String line : fourLetterWord(target, "cons").split("\n")) {
            Matcher m = CONS_LINE.matcher(line);
            if (m.find()) {
                bySession.put(Long.parseUnsignedLong(m.group(2), 16), Long.parseLong(m.group(1)));
            }
        }
        return bySession;
    }

    private static String fourLetterWord(Target target, String word) {
        try (Socket s = new Socket()) {
            s.connect(target.firstServer(), 2_000);
            s.setSoTimeout(2_000);
            OutputStream o = s.getOutputStream();
            o.write(word.getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
