package io.tooz.driver.jdbc;

import io.tooz.tck.SharedServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * A test's own view of a database: plain JDBC, killing sessions, and restarting the server. A stop, until the start,
 * and a freeze are {@linkplain SharedServer#outage() outages} of the shared server, which tests of other modules
 * building at the same time wait out.
 */
final class JdbcAdmin {
    private static final java.util.Map<Boolean, AutoCloseable> OUTAGES = new java.util.concurrent.ConcurrentHashMap<>();

    private final boolean postgres;

    JdbcAdmin(boolean postgres) {
        this.postgres = postgres;
    }

    Connection connect() throws SQLException {
        return postgres
                ? DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/tooz", "tooz", "tooz")
                : DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/tooz", "tooz", "tooz");
    }

    /** The server session in which {@code member} holds the lock {@code name}. */
    long lockSessionOf(String prefix, String member, String name) throws SQLException {
        String sql = postgres
                ? "SELECT l.pid FROM pg_locks l JOIN " + prefix + "connections c ON c.session_id = l.pid"
                        + " WHERE l.locktype = 'advisory' AND l.granted AND c.member_id = ?"
                : "SELECT IS_USED_LOCK(?)";
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, postgres ? member : name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(1) == 0) {
                    throw new AssertionError(member + " holds no lock " + name);
                }
                return rs.getLong(1);
            }
        }
    }

    /** Ends a server session as an operator would. */
    void kill(long session) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            st.execute(postgres ? "SELECT pg_terminate_backend(" + session + ")" : "KILL " + session);
        }
    }

    /** Freezes every process of the server with SIGSTOP for {@code length}, then thaws them with SIGCONT. */
    void freeze(java.time.Duration length) {
        java.util.List<String> pids = serverPids();
        beginOutage();
        signal("STOP", pids);
        try {
            Thread.sleep(length.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            signal("CONT", pids);
            endOutage();
        }
    }

    private SharedServer server() {
        return postgres ? SharedServer.POSTGRESQL : SharedServer.MYSQL;
    }

    private void beginOutage() {
        OUTAGES.computeIfAbsent(postgres, p -> server().outage());
    }

    private void endOutage() {
        AutoCloseable outage = OUTAGES.remove(postgres);
        if (outage != null) {
            try {
                outage.close();
            } catch (Exception e) {
                throw new AssertionError("could not end the outage of " + server(), e);
            }
        }
    }

    private java.util.List<String> serverPids() {
        String out = run("pgrep", "-x", postgres ? "postgres" : "mariadbd");
        java.util.List<String> pids =
                out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        if (pids.isEmpty()) {
            throw new AssertionError("no " + (postgres ? "postgres" : "mariadbd") + " process to freeze");
        }
        return pids;
    }

    private static void signal(String name, java.util.List<String> pids) {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("kill", "-" + name));
        cmd.addAll(pids);
        run(cmd.toArray(String[]::new));
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + cmd[0], e);
        }
    }

    /**
     * Crashes PostgreSQL as a failing backend would: SIGKILL to one server process, after which the postmaster ends
     * every session, discards shared memory (and the WAL not yet flushed) and replays the WAL; waits until it answers.
     */
    void crash() throws SQLException {
        if (!postgres) {
            throw new AssertionError("crash() is for PostgreSQL");
        }
        beginOutage();
        try {
            Connection witness = connect();
            Connection victim = connect();
            try (Statement st = victim.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                run("kill", "-KILL", Long.toString(rs.getLong(1)));
            }
            long ended = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            try (Statement st = witness.createStatement()) {
                while (System.nanoTime() < ended) { // the crash ends every other session too
                    st.execute("SELECT 1");
                    Thread.sleep(20);
                }
                throw new AssertionError("PostgreSQL still answers another session 10 s after the crash");
            } catch (SQLException expected) {
                // ended by the crash
            }
            closeQuietly(witness);
            closeQuietly(victim);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try (Connection c = connect();
                        Statement st = c.createStatement()) {
                    st.execute("SELECT 1");
                    return;
                } catch (SQLException recovering) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("PostgreSQL did not come back within 60 s of the crash", recovering);
                    }
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            endOutage();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the crash ended it
        }
    }

    /** Stops the server with {@code scripts/backends.sh}. */
    void stop() {
        beginOutage();
        backends("down");
    }

    /** Starts it again and waits until it answers. */
    void start() {
        try {
            backends("up");
        } finally {
            endOutage();
        }
    }

    private void backends(String command) {
        File script = new File("../scripts/backends.sh");
        ProcessBuilder pb = new ProcessBuilder(script.getPath(), command, postgres ? "postgresql" : "mysql")
                .redirectErrorStream(true);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("scripts/backends.sh " + command + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + script.getAbsolutePath(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
