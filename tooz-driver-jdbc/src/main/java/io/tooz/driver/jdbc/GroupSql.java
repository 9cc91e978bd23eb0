package io.tooz.driver.jdbc;

import java.util.List;

/** The group statements for one table prefix and dialect. Times are the database clock in microseconds. */
final class GroupSql {
    final String createGroup;
    final String lockGroup;
    final String bumpVersion;
    final String deleteGroup;
    final String listGroups;
    final String countLive;
    final String liveMember;
    final String upsertMember;
    final String deleteMember;
    final String updateCapabilities;
    final String members;
    final String memberIds;
    final String refreshSession;
    final String upsertSession;
    final String deleteSession;
    final String deleteDeadMembers;
    final String deleteDeadSessions;

    GroupSql(Dialect d, String p) {
        String now = d.nowMicros();
        String groups = p + "groups";
        String members = p + "members";
        String sessions = p + "sessions";
        String alive = "EXISTS (SELECT 1 FROM " + sessions + " s WHERE s.member_id = m.member_id AND s.expires_us > "
                + now + ")";
        createGroup = "INSERT INTO " + groups + " (name, version, created_us) VALUES (?, 0, " + now + ")";
        lockGroup = "SELECT version FROM " + groups + " WHERE name = ? FOR UPDATE";
        bumpVersion = "UPDATE " + groups + " SET version = version + 1 WHERE name = ?";
        deleteGroup = "DELETE FROM " + groups + " WHERE name = ?";
        listGroups = "SELECT name FROM " + groups;
        countLive = "SELECT COUNT(*) FROM " + members + " m WHERE m.group_name = ? AND " + alive;
        liveMember = "SELECT 1 FROM " + members + " m WHERE m.group_name = ? AND m.member_id = ? AND " + alive;
        upsertMember = d.upsert(
                members,
                List.of("group_name", "member_id", "capabilities", "joined_us", "updated_us"),
                List.of("?", "?", "?", now, now),
                2);
        deleteMember = "DELETE FROM " + members + " WHERE group_name = ? AND member_id = ?";
        updateCapabilities = "UPDATE " + members + " SET capabilities = ?, updated_us = " + now
                + " WHERE group_name = ? AND member_id = ?";
        String live = " FROM " + groups + " g LEFT JOIN " + members + " m ON m.group_name = g.name AND " + alive
                + " WHERE g.name = ?";
        this.members = "SELECT g.name, m.member_id, m.capabilities, m.joined_us, m.updated_us" + live;
        memberIds = "SELECT g.name, m.member_id" + live;
        refreshSession =
                "UPDATE " + sessions + " SET expires_us = " + now + " + ? WHERE member_id = ? AND expires_us > " + now;
        upsertSession =
                d.upsert(sessions, List.of("member_id", "instance", "expires_us"), List.of("?", "?", now + " + ?"), 1);
        deleteSession = "DELETE FROM " + sessions + " WHERE member_id = ? AND instance = ?";
        deleteDeadMembers = "DELETE FROM " + members + " WHERE NOT EXISTS (SELECT 1 FROM " + sessions
                + " s WHERE s.member_id = " + members + ".member_id AND s.expires_us >= " + now + " - ?)";
        deleteDeadSessions = "DELETE FROM " + sessions + " WHERE expires_us < " + now + " - ?";
    }
}
