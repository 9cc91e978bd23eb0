package io.tooz.driver.zookeeper;

import io.tooz.ToozConnectionException;
import io.tooz.spi.ServiceProbe;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.client.ConnectStringParser;

/**
 * The first connection. The ZooKeeper client retries a refused connection forever without saying so; to tell a server
 * that is not there from one that is slow, the driver asks the kernel itself with a plain TCP connect to each host
 * (closed at once) when no session came within 100 ms, and, to tell a port of another service, the four-letter word
 * {@code srvr}.
 */
final class ZkConnect {
    /** Waited for before asking the kernel whether anything listens at all (a local server answers in ms). */
    private static final long PROBE_AFTER_MS = 100;

    private static final long MAX_PROBE_MS = 500;
    /** The longest a TLS handshake of our own may take (the servers' certificates, read or checked). */
    static final int MAX_TLS_PROBE_MS = 2000;
    /** How long a session may still come after our handshake found a server untrusted. */
    private static final int UNTRUSTED_GRACE_MS = 200;
    /** A four-letter word every ZooKeeper answers, 3.5+ with "not in the whitelist" when it is not enabled. */
    private static final byte[] SRVR = "srvr\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ZkConnect() {}

    /**
     * Waits for the first session within what is left of the current call's deadline; fails at once if every host
     * refuses connections.
     */
    static void awaitSession(CuratorFramework c, ZkSettings settings, ZkErrors errors) throws InterruptedException {
        if (c.blockUntilConnected(
                (int) Math.min(PROBE_AFTER_MS, settings.timeout().toMillis()), TimeUnit.MILLISECONDS)) {
            return;
        }
        List<String> refused = refusingHosts(settings.connectString(), errors.remainingNanos());
        if (!refused.isEmpty() && !c.getZookeeperClient().isConnected()) {
            throw new ToozConnectionException("cannot connect to ZooKeeper at " + settings.connectString()
                    + ": connection refused by " + String.join(", ", refused) + "; nothing listens there. Check that"
                    + " ZooKeeper runs there and that the URL's hosts and ports (and option 'hosts') are right");
        }
        String foreign = settings.tls().enabled() ? null : foreignHosts(settings.connectString(), errors);
        if (foreign != null && !c.getZookeeperClient().isConnected()) {
            throw new ToozConnectionException(foreign + "; check the URL's hosts and ports (and option 'hosts')");
        }
        String untrusted =
                settings.tls().enabled() && settings.tls().verify() ? untrustedHosts(settings, errors) : null;
        if (untrusted != null && !c.blockUntilConnected(UNTRUSTED_GRACE_MS, TimeUnit.MILLISECONDS)) {
            String ca = settings.tls().ca();
            throw new ToozConnectionException("cannot connect to ZooKeeper at " + settings.connectString()
                    + " over TLS: " + untrusted + ". Give option 'ca', the PEM file of the CA that signed the servers'"
                    + " certificates"
                    + (ca == null ? "" : " (" + ca + " is not that CA, or the certificate does not name the host)")
                    + "; verify_certs=false connects without verifying them, as kazoo does,"
                    + " trusting whoever answers there");
        }
        // leave the watchdog a little room, so that this more telling message wins
        long leftMs = TimeUnit.NANOSECONDS.toMillis(errors.remainingNanos()) - 30;
        if (leftMs <= 0 || !c.blockUntilConnected((int) leftMs, TimeUnit.MILLISECONDS)) {
            throw new ToozConnectionException("cannot connect to ZooKeeper at " + settings.connectString() + " within "
                    + settings.timeout().toMillis() + " ms (option 'timeout'): the port accepts connections but no"
                    + " ZooKeeper session was established; is it a ZooKeeper server, and is it responsive?"
                    + (settings.tls().enabled()
                            ? " With use_ssl: does it speak TLS on this port, and does it accept the client"
                                    + " certificate of options certfile and keyfile?"
                            : ""));
        }
    }

    /**
     * Asks each host that accepts connections {@code srvr}, which every ZooKeeper answers (with its version, or that
     * the command is not whitelisted): a message naming the hosts if none answered as ZooKeeper and at least one
     * answered otherwise or closed the connection; null if any may be ZooKeeper (or kept silent).
     */
    static String foreignHosts(String connectString, ZkErrors errors) {
        List<String> foreign = new ArrayList<>();
        for (InetSocketAddress h : new ConnectStringParser(connectString).getServerAddresses()) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(errors.remainingNanos());
            ServiceProbe.Reply r = ServiceProbe.ask(
                    h.getHostString(), h.getPort(), SRVR, java.time.Duration.ofMillis(Math.min(leftMs, MAX_PROBE_MS)));
            switch (r.outcome()) {
                case UNREACHABLE -> {} // refused: not a candidate
                case SILENT -> {
                    return null;
                }
                case ANSWERED, CLOSED -> {
                    if (ServiceProbe.service(r.bytes()).orElse("").equals("ZooKeeper")) {
                        return null;
                    }
                    foreign.add("the server at " + h.getHostString() + ":" + h.getPort() + " is not ZooKeeper"
                            + (r.answered() ? "" : ", or not a working one") + ": to 'srvr', which every ZooKeeper"
                            + " answers, it " + r.describe());
                }
            }
        }
        return foreign.isEmpty() ? null : String.join("; ", foreign);
    }

    /**
     * The hosts whose certificates fail the verification the options ask for, with the reasons, or null if any host
     * passes it or presented none (down, slow, not TLS): only a list of every host means none can be trusted.
     */
    static String untrustedHosts(ZkSettings settings, ZkErrors errors) {
        List<String> untrusted = new ArrayList<>();
        for (InetSocketAddress h : new ConnectStringParser(settings.connectString()).getServerAddresses()) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(errors.remainingNanos()) - UNTRUSTED_GRACE_MS;
            if (leftMs <= 0) {
                return null;
            }
            String why = ZkTlsProbe.untrusted(h, settings.tls(), (int) Math.min(leftMs, MAX_TLS_PROBE_MS));
            if (why == null) {
                return null;
            }
            untrusted.add(h.getHostString() + ":" + h.getPort() + " presents a certificate this client does not"
                    + " trust (" + why + ")");
        }
        return untrusted.isEmpty() ? null : String.join("; ", untrusted);
    }

    /**
     * Closes a client that never became ours, and then deletes its TLS files, without waiting: the ZooKeeper client
     * may sleep up to 1 s in a retry.
     */
    static void closeInBackground(CuratorFramework c, ZkTlsFiles tls) {
        Thread t = new Thread(
                () -> {
                    c.close();
                    tls.close();
                },
                "tooz-zookeeper-close");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The hosts of {@code connectString} that refused a TCP connection (or whose name did not resolve), or an empty
     * list if any of them accepted one or did not answer within {@code budgetNanos}: only a list of every host means
     * nothing listens anywhere.
     */
    static List<String> refusingHosts(String connectString, long budgetNanos) {
        List<InetSocketAddress> hosts = new ConnectStringParser(connectString).getServerAddresses();
        long deadline = System.nanoTime() + budgetNanos;
        List<String> refused = new ArrayList<>();
        for (InetSocketAddress h : hosts) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0) {
                return List.of();
            }
            String name = h.getHostString() + ":" + h.getPort();
            try (Socket s = new Socket()) {
                InetSocketAddress resolved = new InetSocketAddress(h.getHostString(), h.getPort());
                if (resolved.isUnresolved()) {
                    refused.add(name + " (unknown host)");
                    continue;
                }
                s.connect(resolved, (int) Math.min(leftMs, MAX_PROBE_MS));
                return List.of(); // something listens there
            } catch (ConnectException | UnknownHostException e) {
                refused.add(name);
            } catch (IOException e) {
                return List.of(); // no answer in time: unknown, not refused
            }
        }
        return refused;
    }
}
