package io.tooz.driver.jdbc;

import io.tooz.spi.DriverClaims;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims as rows of {@code <prefix>claims}, keyed by {@code (namespace, period_start, task)} with the names as UTF-8
 * bytes; the token comes from the table's sequence (PostgreSQL) or {@code AUTO_INCREMENT} column (MySQL). A batch is
 * a multi-row insert per {@link #ROWS} tasks that skips taken keys: PostgreSQL answers the rows it wrote ({@code
 * RETURNING}), MySQL's are found afterwards in one query by the call's random nonce. Tasks go in key order, so
 * concurrent batches wait for each other's rows in one order rather than deadlock. Nothing expires by itself: the
 * scheduler's {@link #sweep} deletes old periods.
 */
final class JdbcClaims implements DriverClaims {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcClaims.class);
    /** Rows per insert: well inside PostgreSQL's 32767 parameters and MySQL's packet size. */
    static final int ROWS = 500;

    private static final int DEADLOCK_RETRIES = 5;

    private final JdbcDriver driver;
    private final String table;
    private final boolean returning;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong requests = new AtomicLong();

    JdbcClaims(JdbcDriver driver) {
        this.driver = driver;
        this.table = driver.settings().tablePrefix() + "claims";
        this.returning = driver.dialect().insertReturning();
    }

    @Override
    public Map<String, Long> claim(
            String namespace, long periodStartMillis, List<String> tasks, String holder, Duration ttl) {
        Map<ByteBuffer, String> names = new HashMap<>();
        List<byte[]> keys = new ArrayList<>();
        for (String task : tasks) {
            byte[] key = utf8(task);
            if (names.putIfAbsent(ByteBuffer.wrap(key), task) == null) {
                keys.add(key);
            }
        }
        keys.sort(Arrays::compareUnsigned);
        byte[] ns = utf8(namespace);
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return driver.pool().call("claiming " + keys.size() + " tasks in " + namespace, c -> {
            Map<String, Long> claimed = new LinkedHashMap<>();
            for (int from = 0; from < keys.size(); from += ROWS) {
                List<byte[]> chunk = keys.subList(from, Math.min(keys.size(), from + ROWS));
                retryingDeadlocks(() -> insert(c, ns, periodStartMillis, chunk, holder, nonce, names, claimed));
            }
            if (!returning && !keys.isEmpty()) {
                requests.incrementAndGet();
                try (PreparedStatement ps = Sql.prepare(
                                c,
                                "SELECT task, token FROM " + table
                                        + " WHERE namespace = ? AND period_start = ? AND nonce = ?",
                                ns,
                                periodStartMillis,
                                nonce);
                        ResultSet rs = ps.executeQuery()) {
                    collect(rs, names, claimed);
                }
            }
            return claimed;
        });
    }

    private void insert(
            Connection c,
            byte[] ns,
            long period,
            List<byte[]> chunk,
            String holder,
            byte[] nonce,
            Map<ByteBuffer, String> names,
            Map<String, Long> claimed)
            throws SQLException {
        String row = returning ? "(?, ?, ?, ?)" : "(?, ?, ?, ?, ?)";
        StringBuilder sql = new StringBuilder("INSERT INTO ")
                .append(table)
                .append(" (namespace, period_start, task, holder")
                .append(returning ? ")" : ", nonce)")
                .append(" VALUES ");
        List<Object> args = new ArrayList<>();
        for (byte[] task : chunk) {
            sql.append(args.isEmpty() ? row : ", " + row);
            args.addAll(List.of(ns, period, task, holder));
            if (!returning) {
                args.add(nonce);
            }
        }
        requests.incrementAndGet();
        if (!returning) {
            // not INSERT IGNORE, which would also turn errors other than a taken key into warnings
            sql.append(" ON DUPLICATE KEY UPDATE token = token");
            Sql.update(c, sql.toString(), args.toArray());
            return;
        }
        sql.append(" ON CONFLICT DO NOTHING RETURNING task, token");
        try (PreparedStatement ps = Sql.prepare(c, sql.toString(), args.toArray());
                ResultSet rs = ps.executeQuery()) {
            collect(rs, names, claimed);
        }
    }

    private static void collect(ResultSet rs, Map<ByteBuffer, String> names, Map<String, Long> claimed)
            throws SQLException {
        while (rs.next()) {
            String task = names.get(ByteBuffer.wrap(rs.getBytes(1)));
            if (task != null) {
                claimed.put(task, rs.getLong(2));
            }
        }
    }

    /** Runs one autocommit statement again when the server chose it as a deadlock's victim (it was rolled back). */
    private static void retryingDeadlocks(Statement statement) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                statement.run();
                return;
            } catch (SQLException e) {
                if (attempt >= DEADLOCK_RETRIES || !isDeadlock(e)) {
                    throw e;
                }
                LOG.debug("claim insert chosen as a deadlock victim, sending it again: {}", e.toString());
            }
        }
    }

    @FunctionalInterface
    private interface Statement {
        void run() throws SQLException;
    }

    private static boolean isDeadlock(SQLException e) {
        return "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState()) || e.getErrorCode() == 1213;
    }

    @Override
    public Optional<Claim> read(String namespace, long periodStartMillis, String task) {
        requests.incrementAndGet();
        return driver.pool().call("reading the claim on task " + task + " in " + namespace, c -> {
            try (PreparedStatement ps = Sql.prepare(
                            c,
                            "SELECT holder, token FROM " + table
                                    + " WHERE namespace = ? AND period_start = ? AND task = ?",
                            utf8(namespace),
                            periodStartMillis,
                            utf8(task));
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Claim(rs.getString(1), rs.getLong(2))) : Optional.empty();
            }
        });
    }

    @Override
    public void sweep(String namespace, long beforeMillis) {
        requests.incrementAndGet();
        driver.pool()
                .call(
                        "deleting old claims in " + namespace,
                        c -> Sql.update(
                                c,
                                "DELETE FROM " + table + " WHERE namespace = ? AND period_start < ?",
                                utf8(namespace),
                                beforeMillis));
    }

    @Override
    public OptionalLong currentTimeMillis() {
        requests.incrementAndGet();
        long micros = driver.pool()
                .call(
                        "reading the database clock",
                        c -> Sql.number(c, "SELECT " + driver.dialect().nowMicros()))
                .orElseThrow();
        return OptionalLong.of(Math.floorDiv(micros, 1000));
    }

    @Override
    public long requests() {
        return requests.get();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
