package io.tooz.driver.file;

import io.tooz.InvalidNameException;
import io.tooz.internal.memo.BoundedMemo;
import io.tooz.spi.LockId;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * Where things live under the root {@code D}, as Python tooz's file driver lays them out, plus {@code D/.tooz/} for
 * what only Java uses (leader lock files, fencing counters, periodic-task claims, read-write lock and semaphore
 * queues).
 */
final class FileLayout {
    static final String METADATA = ".metadata";
    static final String MEMBER_SUFFIX = ".raw";
    private static final Set<String> RESERVED = Set.of("groups", "tmp", ".driver_lock", ".tooz");
    private static final int REMEMBERED = 1024;

    final Path root;
    final Path groups;
    final Path tmp;
    final Path driverLock;
    final Path leaders;
    final Path fences;
    final Path claims;
    final Path rwlocks;
    final Path semaphores;
    private final BoundedMemo<String, Path> userLockFiles = new BoundedMemo<>(REMEMBERED, this::resolveUserLockFile);

    FileLayout(Path root) {
        this.root = root;
        this.groups = root.resolve("groups");
        this.tmp = root.resolve("tmp");
        this.driverLock = root.resolve(".driver_lock");
        this.leaders = root.resolve(".tooz").resolve("leaders");
        this.fences = root.resolve(".tooz").resolve("fences");
        this.claims = root.resolve(".tooz").resolve("claims");
        this.rwlocks = root.resolve(".tooz").resolve("rwlocks");
        this.semaphores = root.resolve(".tooz").resolve("semaphores");
    }

    static String sha1Hex(String id) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    Path groupDir(String groupId) {
        return groups.resolve(sha1Hex(groupId));
    }

    Path metadata(String groupId) {
        return groupDir(groupId).resolve(METADATA);
    }

    Path memberFile(String groupId, String memberId) {
        return groupDir(groupId).resolve(sha1Hex(memberId) + MEMBER_SUFFIX);
    }

    /** The file locked for {@code id}: {@code D/<name>} as Python tooz, or a leader file of Java's own. */
    Path lockFile(LockId id) {
        return id.kind() == LockId.Kind.LEADER ? leaders.resolve(sha1Hex(id.name())) : userLockFile(id.name());
    }

    /** The fencing counter of a lock file: {@code D/.tooz/fences/<sha1(path relative to D)>}. */
    Path fenceFile(Path lockFile) {
        return fences.resolve(sha1Hex(root.relativize(lockFile).toString()));
    }

    /** The queue of a read-write lock or a semaphore: {@code D/.tooz/rwlocks/<sha1(name)>} or {@code semaphores/}. */
    Path queueDir(LockId id) {
        return (id.kind() == LockId.Kind.SEMAPHORE ? semaphores : rwlocks).resolve(sha1Hex(id.name()));
    }

    /** {@code D/.tooz/claims/<sha1(namespace)>}: the namespace's period directories and its token counter. */
    Path claimNamespace(String namespace) {
        return claims.resolve(sha1Hex(namespace));
    }

    Path claimPeriod(String namespace, long periodStartMillis) {
        return claimNamespace(namespace).resolve(Long.toString(periodStartMillis));
    }

    Path claimFile(String namespace, long periodStartMillis, String task) {
        return claimPeriod(namespace, periodStartMillis).resolve(sha1Hex(task));
    }

    /** The namespace's token counter (a {@link FenceFile}); never a number, so never taken for a period. */
    Path claimTokens(String namespace) {
        return claimNamespace(namespace).resolve(".tokens");
    }

    /** The file POSIX-locked around a reservation of tokens. */
    Path claimTokensLock(String namespace) {
        return claimNamespace(namespace).resolve(".tokens.lock");
    }

    /**
     * {@code D/<name>}, refusing names that leave {@code D} or fall on the driver's own files. Remembered for the last
     * {@value #REMEMBERED} or so names (an acquire otherwise spends more time here than in some of its system calls).
     */
    Path userLockFile(String name) {
        return userLockFiles.get(name);
    }

    private Path resolveUserLockFile(String name) {
        Path p;
        try {
            p = root.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidNameException("lock name '" + name + "' is not a valid file name: " + e.getReason());
        }
        if (!p.startsWith(root) || p.equals(root)) {
            throw new InvalidNameException("lock name '" + name + "' names a file outside the file driver's "
                    + "directory " + root + "; lock names are file names relative to it");
        }
        String first = root.relativize(p).getName(0).toString();
        if (RESERVED.contains(first)) {
            throw new InvalidNameException("lock name '" + name + "' falls on the file driver's reserved path '" + first
                    + "' (reserved: groups, tmp, .driver_lock, .tooz); choose another name");
        }
        return p;
    }
}
