package io.tooz.internal;

import io.tooz.DistributedLock;
import io.tooz.ReadWriteLock;
import io.tooz.spi.LockId;

/** Both modes of one read-write lock, over one queue. */
final class ReadWriteLockImpl implements ReadWriteLock {
    private final LockId id;
    private final DistributedLock read;
    private final DistributedLock write;

    ReadWriteLockImpl(DefaultCoordinator coordinator, String name) {
        this.id = LockId.readWrite(name);
        this.read = new QueuedLock(coordinator, id, new QueueRule.Read(), "read lock");
        this.write = new QueuedLock(coordinator, id, new QueueRule.Write(), "write lock");
    }

    @Override
    public String name() {
        return id.name();
    }

    @Override
    public DistributedLock readLock() {
        return read;
    }

    @Override
    public DistributedLock writeLock() {
        return write;
    }

    @Override
    public String toString() {
        return "ReadWriteLock[" + id.name() + "]";
    }
}
