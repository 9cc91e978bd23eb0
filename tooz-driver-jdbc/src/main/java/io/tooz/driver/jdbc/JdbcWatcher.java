package io.tooz.driver.jdbc;

import io.tooz.spi.DriverWatch;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread per coordinator watching its groups. Each round it reads every watched group's change counter and live
 * member count in one query, and re-reads the members of a group whose pair moved. Rounds run every {@code
 * watch_check_interval} (which also catches expiries, which bump nothing), at once after a local change, and on
 * PostgreSQL as soon as a {@code NOTIFY} from any process arrives on the listening connection.
 */
final class JdbcWatcher implements DriverWatch {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcWatcher.class);

    private final JdbcDriver driver;
    private final GroupSql sql;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final Object wake = new Object();
    private boolean poked;
    private volatile boolean running = true;
    private Thread thread;
    private JdbcPool.Conn listening;

    JdbcWatcher(JdbcDriver driver, GroupSql sql) {
        this.driver = driver;
        this.sql = sql;
    }

    private final class Watch implements WatchHandle {
        final String groupId;
        final MembershipListener listener;
        String seen; // "version/count" last read, null before the first read
        boolean gone;

        Watch(String groupId, MembershipListener listener) {
            this.groupId = groupId;
            this.listener = listener;
        }

        @Override
        public void close() {
            watches.remove(this);
        }
    }

    @Override
    public synchronized WatchHandle watchMembers(String groupId, MembershipListener listener) {
        Watch w = new Watch(groupId, listener);
        watches.add(w);
        if (thread == null) {
            thread = new Thread(this::loop, "tooz-jdbc-watch-" + driver.memberId());
            thread.setDaemon(true);
            thread.start();
        }
        poke();
        return w;
    }

    /**
     * This coordinator changed a group: runs a round soon, unless the server pushes changes (PostgreSQL's NOTIFY
     * reaches our own listening connection too, and would only make it a second round).
     */
    void changedHere() {
        if (!driver.dialect().pushesChanges()) {
            poke();
        }
    }

    /** Runs a round soon. */
    void poke() {
        synchronized (wake) {
            poked = true;
            wake.notifyAll();
        }
    }

    private void loop() {
        long interval = driver.settings().watchCheckInterval().toMillis();
        while (running) {
            try {
                waitForChange(interval);
                if (running && !watches.isEmpty()) {
                    round();
                }
            } catch (RuntimeException | SQLException e) {
                if (running) {
                    LOG.debug("watch round of {} failed: {}", driver.memberId(), e.toString());
                    closeListening();
                    sleep(interval);
                }
            }
        }
        closeListening();
    }

    /** Waits for a poke, a notification or the interval. */
    private void waitForChange(long interval) throws SQLException {
        if (driver.dialect().pushesChanges() && !watches.isEmpty()) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(interval);
            while (running && System.nanoTime() < deadline) {
                synchronized (wake) {
                    if (poked) {
                        poked = false;
                        return;
                    }
                }
                PGNotification[] got = listener().getNotifications(50);
                if (got != null && got.length > 0) {
                    return;
                }
            }
            return;
        }
        synchronized (wake) {
            if (!poked) {
                try {
                    wake.wait(interval);
                } catch (InterruptedException e) {
                    running = false;
                    return;
                }
            }
            poked = false;
        }
    }

    private PGConnection listener() throws SQLException {
        if (listening == null) {
            JdbcPool.Conn c = driver.pool().open("listening for group changes");
            try (Statement st = c.jdbc.createStatement()) {
                st.execute("LISTEN " + driver.settings().tablePrefix() + "events");
            } catch (SQLException e) {
                JdbcPool.close(c);
                throw e;
            }
            listening = c;
        }
        return listening.jdbc.unwrap(PGConnection.class);
    }

    private void closeListening() {
        if (listening != null) {
            JdbcPool.close(listening);
            listening = null;
        }
    }

    private void round() {
        Set<String> groups = new HashSet<>();
        watches.forEach(w -> groups.add(w.groupId));
        Map<String, String> now = new HashMap<>();
        String in = "(" + String.join(", ", groups.stream().map(g -> "?").toList()) + ")";
        driver.pool().call("checking watched groups", c -> {
            try (PreparedStatement ps = Sql.prepare(c, sql.versions + in, groups.toArray())) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        now.put(rs.getString(1), rs.getLong(2) + "/" + rs.getLong(3));
                    }
                }
            }
            return null;
        });
        Map<String, Set<String>> read = new HashMap<>();
        for (Watch w : new ArrayList<>(watches)) {
            String state = now.get(w.groupId);
            if (state == null) {
                if (!w.gone) {
                    w.gone = true;
                    w.seen = null;
                    w.listener.onGroupGone();
                }
                continue;
            }
            if (state.equals(w.seen)) {
                continue;
            }
            Set<String> members = read.get(w.groupId);
            if (members == null) {
                try {
                    members = driver.groupsFacet().getMemberIds(w.groupId);
                } catch (io.tooz.GroupNotCreatedException e) {
                    continue; // deleted in between: the next round says so
                }
                read.put(w.groupId, members);
            }
            w.gone = false;
            w.seen = state;
            if (watches.contains(w)) {
                w.listener.onMembers(members);
            }
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    void close() {
        running = false;
        poke();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        watches.clear();
    }
}
