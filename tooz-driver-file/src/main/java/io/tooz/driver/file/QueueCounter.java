package io.tooz.driver.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The sequence counter of a queue, {@code <queue>/.seq} (a {@link FenceFile}, never deleted, so sequence numbers never
 * repeat however often the queue empties), locked while an entry is made: in this JVM by the file's {@link Gate}, across
 * processes by a blocking POSIX lock on the counter itself (a waiter sleeps in the kernel and is woken by the unlock).
 * Entries are therefore made one at a time per queue, and appear in sequence order.
 */
final class QueueCounter {
    static final String FILE = ".seq";

    private QueueCounter() {}

    /** What is done with the next sequence number while the counter is locked. */
    interface Step<T> {
        T run(long sequence) throws IOException;
    }

    /** Takes the next sequence number of the queue in {@code dir} (created if missing) and runs {@code then} with it. */
    static <T> T next(Path dir, String holder, Step<T> then) throws IOException {
        Path file = dir.resolve(FILE);
        Gate gate = Gate.of(file);
        Object me = new Object();
        gate.enter(me, Deadlines.NONE, file);
        try (FileChannel ch = open(file)) {
            ch.lock(); // dropped by the close
            return then.run(FenceFile.advance(ch, file, 1, holder)[0]);
        } finally {
            gate.leave(me);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            Files.createDirectories(file.getParent());
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
    }
}
