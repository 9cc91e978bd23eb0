package io.tooz.driver.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.LockLease;
import io.tooz.ToozException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fencing counter rewritten in place: edges of its fixed-width, CRC-checked format. */
@Timeout(60)
class FenceFileTest {
    private final Path dir = TempDirs.create("tooz-file-fence");

    @AfterEach
    void removeDirectory() throws Exception {
        TempDirs.remove(dir);
    }

    private Coordinator started(String member) {
        Coordinator c = Coordinator.builder("file://" + dir).memberId(member).build();
        c.start();
        return c;
    }

    private Path fence(String lock) {
        return new FileLayout(dir).fenceFile(dir.resolve(lock));
    }

    /**
     * Holders with long and short member ids alternate: a short record written over a long one leaves no stale bytes
     * that could be read as a name or a token, and the token keeps growing across holders (and breaks).
     */
    @Test
    void theTokenKeepsGrowingWhileHolderNamesAlternateLongAndShort() throws Exception {
        String longId = "a-rather-long-member-id-é-".repeat(9); // 243 bytes of the 255 allowed
        List<Coordinator> cs = new ArrayList<>();
        try {
            Coordinator shortOne = started("s");
            cs.add(shortOne);
            Coordinator longOne = started(longId);
            cs.add(longOne);
            Coordinator empty = started("x");
            cs.add(empty);
            long last = 0;
            for (int i = 0; i < 12; i++) {
                Coordinator c = cs.get(i % 2);
                String id = i % 2 == 0 ? "s" : longId;
                DistributedLock lock = c.getLock("alternating");
                LockLease lease = lock.acquire();
                assertThat(lease.fencingToken()).as("round %d", i).isEqualTo(last + 1);
                last = lease.fencingToken();
                assertThat(empty.getLock("alternating").holder()).contains(id);
                FenceFile.Content content = FenceFile.read(fence("alternating"));
                assertThat(content).isEqualTo(new FenceFile.Content(last, id));
                byte[] bytes = Files.readAllBytes(fence("alternating"));
                int end = FenceFile.TOKEN_LINE + FenceFile.HOLDER_HEADER + id.getBytes(StandardCharsets.UTF_8).length;
                assertThat(new String(bytes, end, bytes.length - end, StandardCharsets.UTF_8))
                        .as("after the record only newlines")
                        .matches("\n+");
                if (i % 4 == 3) {
                    assertThat(empty.getLock("alternating").forceBreak()).isTrue();
                } else {
                    assertThat(lease.release()).isTrue();
                }
                assertThat(empty.getLock("alternating").holder()).isEmpty();
                assertThat(FenceFile.read(fence("alternating")).token()).isEqualTo(last);
            }
            assertThat(Files.size(fence("alternating")))
                    .as("the file never shrinks")
                    .isEqualTo(FenceFile.TOKEN_LINE
                            + FenceFile.HOLDER_HEADER
                            + longId.getBytes(StandardCharsets.UTF_8).length
                            + 1);
        } finally {
            cs.forEach(Coordinator::close);
        }
    }

    /** A counter of the former format ({@code "<token>\n<holder>"}, written by rename) is continued, not restarted. */
    @Test
    void aCounterInTheFormerFormatIsContinued() throws Exception {
        Files.createDirectories(fence("old").getParent());
        Files.writeString(fence("old"), "41\nsomeone");
        assertThat(FenceFile.read(fence("old"))).isEqualTo(new FenceFile.Content(41, "someone"));
        Files.writeString(fence("old"), "41\n");
        try (Coordinator c = started("m")) {
            LockLease lease = c.getLock("old").acquire();
            assertThat(lease.fencingToken()).isEqualTo(42);
            assertThat(c.getLock("old").holder()).contains("m");
            lease.release();
            assertThat(c.getLock("old").acquire().fencingToken()).isEqualTo(43);
        }
    }

    /**
     * An empty file (created, never written) counts 0; a record whose digits do not match their CRC (a write seen
     * half-applied, or damage) is never taken for a token: acquire refuses it, naming the file.
     */
    @Test
    void anInvalidRecordIsNeverReadAsAToken() throws Exception {
        Path f = fence("damaged");
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[0]);
        assertThat(FenceFile.read(f)).isEqualTo(new FenceFile.Content(0, null));
        assertThat(FenceFile.increment(f, "a")[0]).isEqualTo(1);
        assertThat(FenceFile.increment(f, "b")[0]).isEqualTo(2);

        byte[] b = Files.readAllBytes(f);
        b[FenceFile.TOKEN_DIGITS - 1] = '9'; // a torn token: digits still, the CRC of 2
        assertThat(FenceFile.parse(b)).isNull();
        byte[] zeros = new byte[b.length]; // what a power failure can leave
        assertThat(FenceFile.parse(zeros)).isNull();
        Files.write(f, b);
        assertThatThrownBy(() -> FenceFile.read(f)).isInstanceOf(FenceFile.CorruptException.class);
        try (Coordinator c = started("m")) {
            assertThatThrownBy(() -> c.getLock("damaged").acquire())
                    .isInstanceOf(ToozException.class)
                    .hasStackTraceContaining("is corrupt")
                    .hasStackTraceContaining(f.toString());
            assertThat(c.getLock("damaged").holder()).isEmpty();
        }
    }

    /** A releaser that lost its lock unknowingly blanks at most the new holder's name, never sets the token back. */
    @Test
    void aStaleReleaseBlanksTheHolderButNotTheToken() throws Exception {
        Path f = fence("stale");
        long[] first = FenceFile.increment(f, "first-holder");
        long[] second = FenceFile.increment(f, "b");
        FenceFile.clearHolder(f, first[0], (int) first[1]);
        assertThat(FenceFile.read(f)).isEqualTo(new FenceFile.Content(second[0], null));
        assertThat(FenceFile.increment(f, "c")[0]).isEqualTo(second[0] + 1);
    }
}
