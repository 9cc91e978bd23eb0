package io.tooz.internal;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.QueueEntry;
import java.util.List;

/**
 * Who holds in a read-write lock's or semaphore's queue, and whom a waiter watches: ZooKeeper's lock recipe. A waiter
 * watches only the entries whose removal can let it hold, so a release wakes one writer, the readers right behind a
 * writer, or at most as many semaphore waiters as the semaphore has permits.
 */
sealed interface QueueRule {
    /** The tag stored with this rule's entries. */
    String tag();

    /** Whether the entry at {@code index} holds. */
    boolean holds(List<QueueEntry> queue, int index);

    /** The entries before {@code index} whose removal may let it hold; never empty when it does not hold. */
    List<QueueEntry> toWatch(List<QueueEntry> queue, int index);

    /** Fails if the queue holds entries made with other settings. */
    default void check(String name, List<QueueEntry> queue) {}

    /** Shared mode: holds while no writer is ahead. */
    record Read() implements QueueRule {
        @Override
        public String tag() {
            return "read";
        }

        @Override
        public boolean holds(List<QueueEntry> queue, int index) {
            return lastWriteBefore(queue, index) < 0;
        }

        @Override
        public List<QueueEntry> toWatch(List<QueueEntry> queue, int index) {
            int w = lastWriteBefore(queue, index);
            return w < 0 ? List.of() : List.of(queue.get(w));
        }

        private static int lastWriteBefore(List<QueueEntry> queue, int index) {
            for (int i = index - 1; i >= 0; i--) {
                if (queue.get(i).tag().equals("write")) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Exclusive mode: holds when first. */
    record Write() implements QueueRule {
        @Override
        public String tag() {
            return "write";
        }

        @Override
        public boolean holds(List<QueueEntry> queue, int index) {
            return index == 0;
        }

        @Override
        public List<QueueEntry> toWatch(List<QueueEntry> queue, int index) {
            return index == 0 ? List.of() : List.of(queue.get(index - 1));
        }
    }

    /** A semaphore permit: holds when fewer than {@code permits} entries are ahead. */
    record Permit(int permits) implements QueueRule {
        static final String PREFIX = "permits:";

        @Override
        public String tag() {
            return PREFIX + permits;
        }

        @Override
        public boolean holds(List<QueueEntry> queue, int index) {
            return index < permits;
        }

        /**
         * The last {@code permits} entries ahead: removing any older one leaves them the last ones ahead, so only
         * their removal can bring this entry under the limit.
         */
        @Override
        public List<QueueEntry> toWatch(List<QueueEntry> queue, int index) {
            return index < permits ? List.of() : List.copyOf(queue.subList(index - permits, index));
        }

        @Override
        public void check(String name, List<QueueEntry> queue) {
            String mine = tag();
            for (QueueEntry e : queue) {
                if (!e.tag().equals(mine)) {
                    throw new ToozConfigurationException("semaphore " + name + " is used by member " + e.holder()
                            + " with " + describe(e.tag()) + ", but this coordinator asked for " + permits
                            + " permits; every coordinator must pass the same number to getSemaphore");
                }
            }
        }

        private static String describe(String tag) {
            return tag.startsWith(PREFIX) ? tag.substring(PREFIX.length()) + " permits" : "tag '" + tag + "'";
        }
    }
}
