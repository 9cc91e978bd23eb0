package io.tooz;

/**
 * A distributed read-write lock, obtained from {@link Coordinator#getReadWriteLock(String)}.
 *
 * <p>Any number of {@linkplain #readLock() readers} hold it at once; a {@linkplain #writeLock() writer} holds it
 * alone. Grants follow the order of requests: a reader that asks while a writer waits queues behind that writer, so a
 * stream of readers cannot starve writers. Every grant, in either mode, carries a fencing token strictly greater than
 * every earlier grant's of the same name, so a guarded store can reject a reader's write that raced a later writer.
 * Like {@link DistributedLock}, neither mode is re-entrant (use {@link DistributedLock#asJavaLock()} for that), and
 * every lease reports its loss through {@link LockLease#lost()} before another member can be granted a conflicting
 * mode.
 *
 * <pre>{@code
 * ReadWriteLock config = coordinator.getReadWriteLock("config");
 * try (LockLease read = config.readLock().acquire(Duration.ofSeconds(5))) {
 *     render(store.read(read.fencingToken()));
 * }
 * }</pre>
 */
public interface ReadWriteLock {

    /** The lock's name. */
    String name();

    /**
     * The shared mode. {@link DistributedLock#holder()} names the member of the oldest read grant; {@link
     * DistributedLock#forceBreak()} removes every grant of the lock, in both modes.
     */
    DistributedLock readLock();

    /**
     * The exclusive mode. {@link DistributedLock#holder()} names the writer; {@link DistributedLock#forceBreak()}
     * removes every grant of the lock, in both modes.
     */
    DistributedLock writeLock();
}
