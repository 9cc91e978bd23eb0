package io.tooz.driver.jdbc;

import io.tooz.GroupAlreadyExistsException;
import io.tooz.GroupNotCreatedException;
import io.tooz.GroupNotEmptyException;
import io.tooz.MemberAlreadyExistsException;
import io.tooz.MemberNotJoinedException;
import io.tooz.spi.DriverGroups;
import io.tooz.spi.MemberRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Groups in tables: a row per group with a change counter, a row per membership, and a row per member session whose
 * expiry (database clock) the heartbeat pushes forward. A membership counts while its session lives. Every change
 * locks the group's row, bumps its counter and notifies watchers, in one transaction.
 */
final class JdbcGroups implements DriverGroups {
    private final JdbcDriver driver;
    private final GroupSql sql;

    JdbcGroups(JdbcDriver driver, GroupSql sql) {
        this.driver = driver;
        this.sql = sql;
    }

    private JdbcPool pool() {
        return driver.pool();
    }

    private String me() {
        return driver.memberId();
    }

    /** Locks the group's row for the rest of the transaction. */
    private void lockGroup(Connection c, String groupId) throws SQLException {
        if (!Sql.exists(c, sql.lockGroup, groupId)) {
            throw new GroupNotCreatedException(groupId);
        }
    }

    /**
     * Bumps the group's change counter, which also locks its row for the rest of the transaction (a failed check
     * later rolls the bump back), and notifies watchers when the transaction commits.
     */
    private void change(Connection c, String groupId) throws SQLException {
        if (Sql.update(c, sql.bumpVersion, groupId) == 0) {
            throw new GroupNotCreatedException(groupId);
        }
        notifyWatchers(c, groupId);
    }

    /** Tells other processes' watchers (where the server pushes) that the group changed, at commit. */
    private void notifyWatchers(Connection c, String groupId) throws SQLException {
        driver.dialect().notifyChange(c, driver.settings().tablePrefix(), groupId);
    }

    @Override
    public void createGroup(String groupId) {
        pool().call("creating group " + groupId, c -> {
            try {
                return Sql.update(c, sql.createGroup, groupId);
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    throw new GroupAlreadyExistsException(groupId);
                }
                throw e;
            }
        });
    }

    @Override
    public void deleteGroup(String groupId) {
        pool().transaction("deleting group " + groupId, c -> {
            lockGroup(c, groupId);
            if (Sql.number(c, sql.countLive, groupId).orElse(0) > 0) {
                throw new GroupNotEmptyException(groupId);
            }
            Sql.update(c, sql.deleteGroup, groupId);
            notifyWatchers(c, groupId);
            return null;
        });
        driver.watcher().changedHere(groupId);
    }

    @Override
    public Set<String> getGroups() {
        return pool().call("listing groups", c -> {
            Set<String> out = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement(sql.listGroups);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public void joinGroup(String groupId, byte[] capabilities) {
        pool().transaction("joining group " + groupId, c -> {
            change(c, groupId);
            if (Sql.exists(c, sql.liveMember, groupId, me())) {
                throw new MemberAlreadyExistsException(groupId, me());
            }
            join(c, groupId, capabilities);
            return null;
        });
        driver.watcher().changedHere(groupId);
    }

    /** Writes the membership and our session; the group's row is locked. */
    private void join(Connection c, String groupId, byte[] capabilities) throws SQLException {
        Sql.update(c, sql.upsertMember, groupId, me(), capabilities);
        Sql.update(c, sql.upsertSession, me(), driver.instance(), driver.ttlMicros());
    }

    @Override
    public void leaveGroup(String groupId) {
        pool().transaction("leaving group " + groupId, c -> {
            change(c, groupId);
            if (Sql.update(c, sql.deleteMember, groupId, me()) == 0) {
                throw new MemberNotJoinedException(groupId, me());
            }
            return null;
        });
        driver.watcher().changedHere(groupId);
    }

    @Override
    public Map<String, MemberRecord> getMembers(String groupId) {
        Map<String, MemberRecord> out = new LinkedHashMap<>();
        members(groupId, sql.members, (m, rs) -> out.put(m, record(rs)));
        return out;
    }

    /** The ids alone: the capabilities stay in the server. */
    @Override
    public Set<String> getMemberIds(String groupId) {
        Set<String> out = new TreeSet<>();
        members(groupId, sql.memberIds, (m, rs) -> out.add(m));
        return out;
    }

    private interface Row {
        void accept(String member, ResultSet rs) throws SQLException;
    }

    /** Hands each live member's row to {@code row}; {@link GroupNotCreatedException} without the group's row. */
    private void members(String groupId, String query, Row row) {
        pool().call("reading the members of group " + groupId, c -> {
            boolean found = false;
            try (PreparedStatement ps = Sql.prepare(c, query, groupId);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found = true;
                    String m = rs.getString(2);
                    if (m != null) {
                        row.accept(m, rs);
                    }
                }
            }
            if (!found) {
                throw new GroupNotCreatedException(groupId);
            }
            return null;
        });
    }

    private static MemberRecord record(ResultSet rs) throws SQLException {
        return new MemberRecord(rs.getBytes(3), instant(rs.getLong(4)), instant(rs.getLong(5)));
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
    }

    @Override
    public void updateCapabilities(String groupId, byte[] capabilities) {
        pool().transaction("updating capabilities in group " + groupId, c -> {
            change(c, groupId);
            if (Sql.update(c, sql.updateCapabilities, capabilities, groupId, me()) == 0) {
                throw new MemberNotJoinedException(groupId, me());
            }
            return null;
        });
        driver.watcher().changedHere(groupId);
    }

    /** Writes the membership again whatever is left of it (an upsert): one transaction. */
    @Override
    public void rejoinGroup(String groupId, byte[] capabilities) {
        pool().transaction("joining group " + groupId + " again", c -> {
            change(c, groupId);
            join(c, groupId, capabilities);
            return null;
        });
        driver.watcher().changedHere(groupId);
    }
}
