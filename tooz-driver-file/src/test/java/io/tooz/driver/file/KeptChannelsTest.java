package io.tooz.driver.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lock file's and the counter's channels kept open between holdings: a lock file deleted or replaced meanwhile is
 * opened again (the kernel's lock table, {@code /proc/locks}, shows the path's current inode locked), idle channels are
 * bounded, closed at stop, and never those of a holder of another coordinator.
 */
@Timeout(60)
class KeptChannelsTest {
    private final Path dir = TempDirs.create("tooz-file-kept").toAbsolutePath();

    @AfterEach
    void removeDirectory() throws Exception {
        TempDirs.remove(dir);
    }

    private Coordinator started(String member) {
        Coordinator c = Coordinator.builder("file://" + dir).memberId(member).build();
        c.start();
        return c;
    }

    @Test
    void aLockFileDeletedOrReplacedBetweenHoldingsIsLockedAnew() throws Exception {
        Path file = dir.resolve("L");
        try (Coordinator c = started("m")) {
            LockLease first = c.getLock("L").acquire();
            assertThat(lockedInodes()).contains(inode(file));
            first.release();
            assertThat(lockedInodes()).doesNotContain(inode(file));

            Files.delete(file);
            LockLease second = c.getLock("L").acquire();
            assertThat(file).as("created again").exists();
            assertThat(lockedInodes()).as("the new file locked").contains(inode(file));
            assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
            second.release();

            Path other = Files.createFile(dir.resolve("replacement"));
            long replaced = inode(file);
            Files.move(other, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertThat(inode(file)).isNotEqualTo(replaced);
            LockLease third = c.getLock("L").acquire();
            assertThat(lockedInodes()).as("the replacement locked").contains(inode(file));
            assertThat(third.fencingToken()).isGreaterThan(second.fencingToken());
            assertThat(openFilesUnder(dir)).as("no channel on a deleted file").noneMatch(f -> f.endsWith("(deleted)"));
            third.release();
        }
    }

    /** A counter deleted between holdings (as its corrupt message suggests) is opened again: tokens start anew. */
    @Test
    void aCounterDeletedBetweenHoldingsIsOpenedAgain() throws Exception {
        Path fence = new FileLayout(dir.toRealPath()).fenceFile(dir.toRealPath().resolve("F"));
        try (Coordinator c = started("m")) {
            c.getLock("F").acquire().release();
            c.getLock("F").acquire().release();
            Files.delete(fence);
            LockLease lease = c.getLock("F").acquire();
            assertThat(lease.fencingToken()).as("counted in the new file").isEqualTo(1);
            assertThat(FenceFile.read(fence).token()).isEqualTo(1);
            lease.release();
            assertThat(c.getLock("F").acquire().fencingToken()).isEqualTo(2);
        }
    }

    @Test
    void idleChannelsAreBoundedAndClosedAtStop() throws Exception {
        int locks = KeptChannels.MAX_IDLE + 36;
        Coordinator c = started("m");
        try {
            for (int i = 0; i < locks; i++) {
                c.getLock("many-" + i).acquire().release();
            }
            List<String> open = openFilesUnder(dir);
            assertThat(open).as("lock files and counters kept").isNotEmpty();
            assertThat(open.size()).as("kept: %s", open).isLessThanOrEqualTo(2 * KeptChannels.MAX_IDLE);
            assertThat(open)
                    .as("the first released were closed")
                    .doesNotContain(dir.toRealPath().resolve("many-0").toString());
            assertThat(c.getLock("many-0").acquire().fencingToken())
                    .as("counted on after a close")
                    .isEqualTo(2);
        } finally {
            c.stop();
        }
        assertThat(openFilesUnder(dir)).as("closed at stop").isEmpty();
    }

    /** One coordinator's stop closes only the channels it kept idle, never those another one holds a lock with. */
    @Test
    void aStopLeavesAnotherCoordinatorsHoldingAlone() throws Exception {
        Path file = dir.resolve("shared");
        Coordinator a = started("a");
        try (Coordinator b = started("b")) {
            a.getLock("shared").acquire().release();
            LockLease held = b.getLock("shared").acquire();
            a.stop();
            assertThat(lockedInodes()).as("b's record lock").contains(inode(file));
            assertThat(held.isStillOwner()).isTrue();
            held.release();
        } finally {
            a.close();
        }
    }

    private static long inode(Path file) throws IOException {
        return ((Number) Files.getAttribute(file, "unix:ino")).longValue();
    }

    /** The inodes this process holds POSIX record locks on (lines "N: POSIX ADVISORY WRITE pid maj:min:inode ..."). */
    private static List<Long> lockedInodes() throws IOException {
        String pid = Long.toString(ProcessHandle.current().pid());
        List<Long> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 5 && f[1].equals("POSIX") && f[4].equals(pid)) {
                String id = f[5];
                out.add(Long.parseLong(id.substring(id.lastIndexOf(':') + 1)));
            }
        }
        return out;
    }

    /** What this process's open file descriptors name under {@code root}. */
    private static List<String> openFilesUnder(Path root) throws IOException {
        String prefix = root.toRealPath().toString();
        List<String> out = new ArrayList<>();
        for (Path fd : FileIo.list(Path.of("/proc/self/fd"))) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                if (target.startsWith(prefix + "/")) {
                    out.add(target);
                }
            } catch (NoSuchFileException e) {
                // closed meanwhile (the listing's own descriptor, for one)
            }
        }
        return out;
    }
}
