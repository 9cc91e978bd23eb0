package io.tooz.cli;

import io.tooz.Coordinator;
import io.tooz.ReadWriteLock;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Acquires a lock (exclusive, or one mode of a read-write lock), prints its fencing token, holds it, releases it. */
@Command(
        name = "lock",
        description = {
            "Acquire a lock, print its fencing token, hold it for --hold, release it. Ctrl-C releases it at once and"
                    + " exits 130.",
            "--read or --write takes the read-write lock NAME (a separate lock from the exclusive lock NAME) in that"
                    + " mode: readers share it, a writer holds it alone, and new readers queue behind a waiting writer.",
            "While it waits (--timeout), stderr says who holds the lock, and again whenever that changes.",
            "Exit 1 if the lock is not acquired within --timeout, or if it is lost while held."
        })
final class LockCommand extends HoldCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The lock's name.")
    String name;

    @ArgGroup(exclusive = true)
    Mode mode;

    /** At most one of --read and --write. */
    static final class Mode {
        @Option(names = "--read", description = "Take the read-write lock NAME in shared (read) mode.")
        boolean read;

        @Option(names = "--write", description = "Take the read-write lock NAME in exclusive (write) mode.")
        boolean write;
    }

    @Override
    Target target(Coordinator c) {
        if (mode == null) {
            io.tooz.DistributedLock lock = c.getLock(name);
            return lockTarget(lock, lock::holder, "lock " + name, "lock", name);
        }
        ReadWriteLock rw = c.getReadWriteLock(name);
        // while waiting, whoever holds the lock in either mode is in the way
        java.util.function.Supplier<java.util.Optional<String>> anyHolder =
                () -> rw.writeLock().holder().or(() -> rw.readLock().holder());
        return mode.read
                ? lockTarget(rw.readLock(), anyHolder, "read lock " + name, "lock", name, "mode", "read")
                : lockTarget(rw.writeLock(), anyHolder, "write lock " + name, "lock", name, "mode", "write");
    }
}
