package io.tooz.driver.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.InvalidNameException;
import io.tooz.LockLease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The directory layout is Python tooz's, byte for byte where Python reads it; names cannot escape or collide. */
@Timeout(60)
class FileLayoutTest {
    private final Path dir = TempDirs.create("tooz-file-layout");

    @AfterEach
    void removeDirectory() throws Exception {
        TempDirs.remove(dir);
    }

    private Coordinator started(String member) {
        Coordinator c = Coordinator.builder("file://" + dir + "?timeout=2")
                .memberId(member)
                .build();
        c.start();
        return c;
    }

    @Test
    void groupsAndMembersAreSha1NamedMsgPackFilesAsPythonWritesThem() throws Exception {
        try (Coordinator c = started("m1")) {
            c.joinGroupCreate("g", Capabilities.of(Map.of("weight", 1)));
            Path group = dir.resolve("groups").resolve("54fd1711209fb1c0781092374132c66e79e2241b"); // sha1("g")
            assertThat(HexFormat.of().formatHex(Files.readAllBytes(group.resolve(".metadata"))))
                    .as("bin id, encoded=false: Python reads it as bytes, as ids it is given as bytes")
                    .isEqualTo("82" + "a8" + hex("group_id") + "c401" + hex("g") + "a7" + hex("encoded") + "c2");
            Path member = group.resolve("ae23b94ccaf714337e4ce5ba99ef3dc257e300df.raw"); // sha1("m1")
            byte[] raw = Files.readAllBytes(member);
            String hex = HexFormat.of().formatHex(raw);
            assertThat(hex)
                    .startsWith("84" + "ac" + hex("capabilities") + "81a6" + hex("weight") + "01" + "a9"
                            + hex("joined_on") + "c7")
                    .endsWith("a9" + hex("member_id") + "c402" + hex("m1") + "a7" + hex("encoded") + "c2");
            FileRecords.Member m = FileRecords.readMember(raw, member);
            assertThat(m.memberId()).isEqualTo("m1");
            assertThat(m.joinedOn()).isBefore(LocalDateTime.now().plusSeconds(1));
            assertThat(Files.exists(dir.resolve(".driver_lock"))).isTrue();
            assertThat(Files.isDirectory(dir.resolve("tmp"))).isTrue();
        }
    }

    /**
     * Ids as every writer stored them read as the same text: bin with {@code encoded=true} (Java before it wrote
     * false; Python for str ids), str (Python before 1.36 for str ids), and bin keys without {@code encoded} (Python
     * 2's tooz before 1.36).
     */
    @Test
    void idsReadTheSameWhicheverWayTheyWereEncoded() {
        String joined = "a9" + hex("joined_on") + "c73801" + "87a3" + hex("day") + "02a5" + hex("month") + "01a4"
                + hex("year") + "cd07e8a4" + hex("hour") + "03a6" + hex("minute") + "04a6" + hex("second") + "05ab"
                + hex("microsecond") + "06";
        String caps = "ac" + hex("capabilities") + "c0";
        String binId = "c402" + hex("m1");
        for (String member : new String[] {
            "84" + caps + joined + "a9" + hex("member_id") + binId + "a7" + hex("encoded") + "c3",
            "84" + caps + joined + "a9" + hex("member_id") + binId + "a7" + hex("encoded") + "c2",
            "83" + caps + joined + "a9" + hex("member_id") + "a2" + hex("m1"),
            "83" + "c40c" + hex("capabilities") + "c0" + "c409" + joined.substring(2) + "c409" + hex("member_id")
                    + binId
        }) {
            assertThat(FileRecords.readMember(HexFormat.of().parseHex(member), member)
                            .memberId())
                    .as(member)
                    .isEqualTo("m1");
        }
        Map<String, Boolean> groups = new LinkedHashMap<>(); // metadata -> whether Python reads the id as str
        groups.put("82" + "a8" + hex("group_id") + "c401" + hex("g") + "a7" + hex("encoded") + "c3", true);
        groups.put("82" + "a8" + hex("group_id") + "c401" + hex("g") + "a7" + hex("encoded") + "c2", false);
        groups.put("81" + "a8" + hex("group_id") + "a1" + hex("g"), true);
        groups.put("81" + "c408" + hex("group_id") + "c401" + hex("g"), false);
        groups.forEach((group, readsStr) -> assertThat(
                        FileRecords.readGroup(HexFormat.of().parseHex(group), group))
                .as(group)
                .isEqualTo(new FileRecords.Group("g", readsStr)));
    }

    /**
     * A new group's id takes the type Python reads the groups already there as: bytes ({@code encoded=false}) in an
     * empty directory, str ({@code encoded=true}) next to a group Python created with a str id.
     */
    @Test
    void aNewGroupIdTakesTheTypeOfTheGroupsAlreadyThere() throws Exception {
        try (Coordinator c = started("m1")) {
            c.createGroup("first").get();
            assertThat(metadataHex("first")).endsWith(hex("encoded") + "c2");
            c.deleteGroup("first").get();

            Path byPython = dir.resolve("groups").resolve(sha1("py"));
            Files.createDirectories(byPython);
            Files.write(
                    byPython.resolve(".metadata"),
                    HexFormat.of()
                            .parseHex(
                                    "82" + "a8" + hex("group_id") + "c402" + hex("py") + "a7" + hex("encoded") + "c3"));
            c.createGroup("next").get();
            assertThat(metadataHex("next")).endsWith(hex("encoded") + "c3");
            assertThat(c.getGroups().get()).containsExactlyInAnyOrder("py", "next");
        }
    }

    private String metadataHex(String group) throws Exception {
        return HexFormat.of()
                .formatHex(Files.readAllBytes(
                        dir.resolve("groups").resolve(sha1(group)).resolve(".metadata")));
    }

    @Test
    void joinedOnIsOsloDatetimeExtensionOne() throws Exception {
        byte[] member = FileRecords.member("m", new byte[] {(byte) 0xc0}, LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6000));
        // oslo.serialization's msgpackutils.dumps(datetime(2024, 1, 2, 3, 4, 5, 6)), PYTHON-TOOZ.md §1.11
        String golden = "c73801" + "87a3" + hex("day") + "02a5" + hex("month") + "01a4" + hex("year") + "cd07e8a4"
                + hex("hour") + "03a6" + hex("minute") + "04a6" + hex("second") + "05ab" + hex("microsecond") + "06";
        assertThat(HexFormat.of().formatHex(member)).contains(golden);
        assertThat(FileRecords.readMember(member, "test").joinedOn())
                .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6000));
    }

    @Test
    void locksAreFilesUnderTheDirectoryAndReservedOrEscapingNamesAreRefused() throws Exception {
        try (Coordinator c = started("m1")) {
            for (String bad : new String[] {
                "groups",
                "tmp",
                ".driver_lock",
                ".tooz",
                ".tooz/leaders/x",
                "tmp/x",
                "../outside",
                "/etc/passwd",
                "a/../..",
                "."
            }) {
                assertThatThrownBy(() -> c.getLock(bad).tryAcquire()).as(bad).isInstanceOf(InvalidNameException.class);
            }
            try (LockLease lease = c.getLock("sub/lock").acquire()) {
                assertThat(Files.isRegularFile(dir.resolve("sub/lock"))).isTrue();
                Path fence = dir.resolve(".tooz/fences").resolve(sha1("sub/lock"));
                assertThat(lease.fencingToken()).isEqualTo(1);
                assertThat(Files.readString(fence))
                        .isEqualTo("00000000000000000001 " + crc("00000000000000000001") + "\n" + "0000000002 "
                                + crc("00000000000000000001m1") + "\nm1\n");
            }
            // released: the holder part blanked in place (length 0), newlines over the name; the token line as it was
            assertThat(Files.readString(dir.resolve(".tooz/fences").resolve(sha1("sub/lock"))))
                    .isEqualTo("00000000000000000001 " + crc("00000000000000000001") + "\n" + "0000000000 "
                            + crc("00000000000000000001") + "\n" + "\n" + "\n\n");
        }
    }

    @Test
    void aStaleMemberIsSkippedAndRemovedSoItsGroupCanBeDeleted() throws Exception {
        try (Coordinator c = started("alive")) {
            c.createGroup("g").get();
            Path group = dir.resolve("groups").resolve(sha1("g"));
            Path dead = group.resolve(sha1("dead") + ".raw");
            Files.write(dead, FileRecords.member("dead", new byte[0], LocalDateTime.now()));
            assertThat(c.getMembers("g").get()).containsExactly("dead");
            Files.setLastModifiedTime(dead, FileTime.fromMillis(System.currentTimeMillis() - 3_000));
            assertThat(c.getMembers("g").get()).isEmpty();
            assertThat(Files.exists(dead)).isFalse();
            c.deleteGroup("g").get();
            assertThat(Files.exists(group)).isFalse();
        }
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String crc(String s) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return String.format("%08x", c.getValue());
    }

    private static String sha1(String s) throws Exception {
        return HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-1")
                        .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
