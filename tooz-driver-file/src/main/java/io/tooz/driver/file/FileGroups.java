package io.tooz.driver.file;

import io.tooz.GroupAlreadyExistsException;
import io.tooz.GroupNotCreatedException;
import io.tooz.GroupNotEmptyException;
import io.tooz.MemberAlreadyExistsException;
import io.tooz.MemberNotJoinedException;
import io.tooz.SerializationException;
import io.tooz.ToozException;
import io.tooz.spi.DriverContext;
import io.tooz.spi.DriverGroups;
import io.tooz.spi.MemberRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups as Python tooz's file driver keeps them, every membership operation under the POSIX lock on {@code
 * D/.driver_lock}. A member is alive while its file's mtime is at most {@code timeout} old; unlike Python tooz, a
 * stale member file is deleted when it is seen, so a crashed member does not keep its group from being deleted.
 */
final class FileGroups implements DriverGroups {
    private static final Logger LOG = LoggerFactory.getLogger(FileGroups.class);
    private static final long CLOCK_SLACK_MILLIS = 1000;

    private final FileStore store;
    private final String memberId;
    private final long timeoutMillis;
    private final DriverContext context;

    FileGroups(FileStore store, DriverContext context, long timeoutMillis) {
        this.store = store;
        this.memberId = context.memberId();
        this.timeoutMillis = timeoutMillis;
        this.context = context;
    }

    @Override
    public void createGroup(String groupId) {
        store.locked("create group '" + groupId + "'", l -> {
            if (Files.exists(l.metadata(groupId))) {
                throw new GroupAlreadyExistsException(groupId);
            }
            boolean pythonReadsStr = pythonReadsGroupIdsAsStr(l);
            Files.createDirectories(l.groupDir(groupId));
            FileIo.writeAtomically(l.tmp, l.metadata(groupId), FileRecords.groupMetadata(groupId, pythonReadsStr));
            return null;
        });
    }

    /**
     * Whether Python reads the id of a group already there as {@code str}: Python returns a group's id as the type it
     * was created with ({@code bytes}, tooz's documented type, or {@code str}), so a new group's id takes the type of
     * one already there, and is {@code bytes} if there is none, so that Python's {@code get_groups()} holds one type.
     */
    private static boolean pythonReadsGroupIdsAsStr(FileLayout l) throws IOException {
        List<Path> dirs = FileIo.list(l.groups);
        for (Path dir : dirs == null ? List.<Path>of() : dirs) {
            Path meta = dir.resolve(FileLayout.METADATA);
            byte[] blob = FileIo.readOrNull(meta);
            if (blob != null) {
                try {
                    return FileRecords.readGroup(blob, meta).pythonReadsStr();
                } catch (SerializationException unreadable) {
                    // not this group's business: try another
                }
            }
        }
        return false;
    }

    @Override
    public void deleteGroup(String groupId) {
        store.locked("delete group '" + groupId + "'", l -> {
            List<Path> entries = FileIo.list(l.groupDir(groupId));
            if (entries == null) {
                throw new GroupNotCreatedException(groupId);
            }
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.equals(FileLayout.METADATA)) {
                    continue;
                }
                if (!name.endsWith(FileLayout.MEMBER_SUFFIX)) {
                    throw new ToozException("unexpected path " + p + " in the directory of group '" + groupId
                            + "' (expected only .metadata and member files)");
                }
                if (alive(p)) {
                    throw new GroupNotEmptyException(groupId);
                }
            }
            FileIo.removeTree(l.groupDir(groupId));
            return null;
        });
    }

    @Override
    public Set<String> getGroups() {
        return store.io("list groups", l -> {
            Set<String> out = new HashSet<>();
            List<Path> dirs = FileIo.list(l.groups);
            for (Path dir : dirs == null ? List.<Path>of() : dirs) {
                Path meta = dir.resolve(FileLayout.METADATA);
                byte[] blob = FileIo.readOrNull(meta);
                if (blob != null) {
                    out.add(FileRecords.readGroupId(blob, meta));
                }
            }
            return out;
        });
    }

    @Override
    public void joinGroup(String groupId, byte[] capabilities) {
        store.locked("join group '" + groupId + "'", l -> {
            requireMetadata(l, groupId);
            Path me = l.memberFile(groupId, memberId);
            if (Files.exists(me) && alive(me)) {
                throw new MemberAlreadyExistsException(groupId, memberId);
            }
            writeMember(l, groupId, capabilities, LocalDateTime.now());
            return null;
        });
    }

    @Override
    public void leaveGroup(String groupId) {
        store.locked("leave group '" + groupId + "'", l -> {
            requireMetadata(l, groupId);
            if (!Files.deleteIfExists(l.memberFile(groupId, memberId))) {
                throw new MemberNotJoinedException(groupId, memberId);
            }
            return null;
        });
    }

    @Override
    public Map<String, MemberRecord> getMembers(String groupId) {
        return store.locked("list members of group '" + groupId + "'", l -> {
            List<Path> entries = FileIo.list(l.groupDir(groupId));
            if (entries == null) {
                throw new GroupNotCreatedException(groupId);
            }
            Map<String, MemberRecord> out = new LinkedHashMap<>();
            for (Path p : entries) {
                if (p.getFileName().toString().endsWith(FileLayout.MEMBER_SUFFIX) && alive(p)) {
                    byte[] blob = FileIo.readOrNull(p);
                    if (blob != null) {
                        FileRecords.Member m = FileRecords.readMember(blob, p);
                        Instant joined = m.joinedOn() == null
                                ? null
                                : m.joinedOn().atZone(ZoneId.systemDefault()).toInstant();
                        out.put(m.memberId(), new MemberRecord(m.capabilities(), joined, null));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void updateCapabilities(String groupId, byte[] capabilities) {
        store.locked("update capabilities in group '" + groupId + "'", l -> {
            requireMetadata(l, groupId);
            Path me = l.memberFile(groupId, memberId);
            byte[] blob = alive(me) ? FileIo.readOrNull(me) : null;
            if (blob == null) {
                throw new MemberNotJoinedException(groupId, memberId);
            }
            LocalDateTime joinedOn = FileRecords.readMember(blob, me).joinedOn();
            writeMember(l, groupId, capabilities, joinedOn == null ? LocalDateTime.now() : joinedOn);
            return null;
        });
    }

    /**
     * Touches this member's files in the groups it joined. Names a group whose member file was removed as stale (after
     * a long pause), so the core joins it again; a group that was deleted is passed over.
     */
    Optional<String> heartbeat() {
        List<String> removed = new ArrayList<>();
        for (String groupId : context.joinedGroups()) {
            store.locked("heartbeat in group '" + groupId + "'", l -> {
                Path me = l.memberFile(groupId, memberId);
                try {
                    Files.setLastModifiedTime(me, FileTime.fromMillis(System.currentTimeMillis()));
                } catch (NoSuchFileException gone) {
                    if (Files.exists(l.metadata(groupId))) {
                        removed.add(groupId);
                    }
                }
                return null;
            });
        }
        return removed.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", removed));
    }

    private void writeMember(FileLayout l, String groupId, byte[] capabilities, LocalDateTime joinedOn)
            throws IOException {
        FileIo.writeAtomically(
                l.tmp, l.memberFile(groupId, memberId), FileRecords.member(memberId, capabilities, joinedOn));
    }

    private static void requireMetadata(FileLayout l, String groupId) {
        if (!Files.exists(l.metadata(groupId))) {
            throw new GroupNotCreatedException(groupId);
        }
    }

    /** Whether a member file is fresh; a stale one is deleted (callers hold the driver lock). */
    private boolean alive(Path file) throws IOException {
        long mtime;
        try {
            mtime = Files.getLastModifiedTime(file).toMillis();
        } catch (NoSuchFileException e) {
            return false;
        }
        long age = System.currentTimeMillis() - mtime;
        if (age > timeoutMillis) {
            LOG.debug("removing stale member file {} ({} ms old)", file, age);
            Files.deleteIfExists(file);
            return false;
        }
        return age >= -CLOCK_SLACK_MILLIS;
    }
}
