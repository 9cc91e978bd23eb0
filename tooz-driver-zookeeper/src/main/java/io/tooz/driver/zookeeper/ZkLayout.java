package io.tooz.driver.zookeeper;

import io.tooz.InvalidNameException;
import io.tooz.spi.Driver.NameKind;
import io.tooz.spi.LockId;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python tooz's znode layout, under the URL's chroot if it has one: {@code /<ns>/<group>} persistent, {@code /<ns>/<group>/<member>} ephemeral with msgpack
 * capabilities, locks as kazoo contenders {@code <32 hex>__lock__<10-digit seq>} under {@code /<ns>/locks/<name>},
 * leadership the same way under {@code /<ns>/<group>/leader}. Java only: periodic-task claims, one node per task
 * {@code /<ns>/claims/<enc(namespace)>/<enc(task)>}, and the clock node {@code /<ns>/claims/.clock}; read-write lock
 * queues under {@code /<ns>/rwlocks/<name>} (entries kazoo's {@code ReadLock} and {@code WriteLock} recognise, see
 * {@link ZkEntryName}) and semaphore queues under {@code /<ns>/semaphores/<name>}.
 */
final class ZkLayout {
    static final String LEADER = "leader";
    static final String LOCKS = "locks";
    static final String LOCK_MARK = "__lock__";
    static final String CLAIMS = "claims";
    static final String RWLOCKS = "rwlocks";
    static final String SEMAPHORES = "semaphores";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final Pattern CONTENDER = Pattern.compile("(?:__lock__)(-?\\d{10})$");
    private static final Pattern ALLOWED = Pattern.compile("[\\x21-\\x7e&&[^/]]+");

    final String root;

    ZkLayout(String namespace) {
        this("", namespace);
    }

    /** The layout under {@code chroot} ({@code /a/b}, or empty for none), as a ZooKeeper chroot would place it. */
    ZkLayout(String chroot, String namespace) {
        this.root = chroot + "/" + namespace;
    }

    String group(String group) {
        return root + "/" + group;
    }

    String member(String group, String member) {
        return group(group) + "/" + member;
    }

    /** The directory of a lock's contenders or of a queue's entries: persistent, and never deleted by us. */
    String lockPath(LockId id) {
        return switch (id.kind()) {
            case LEADER -> group(id.name()) + "/" + LEADER;
            case LOCK -> root + "/" + LOCKS + "/" + id.name();
            case READ_WRITE -> root + "/" + RWLOCKS + "/" + id.name();
            case SEMAPHORE -> root + "/" + SEMAPHORES + "/" + id.name();
        };
    }

    String claimNamespace(String namespace) {
        return root + "/" + CLAIMS + "/" + encode(namespace);
    }

    String claim(String namespace, String task) {
        return claimNamespace(namespace) + "/" + encode(task);
    }

    /** A node whose mtime, set by a write, is the server's clock (encoded names never start with '.'). */
    String claimClock() {
        return root + "/" + CLAIMS + "/.clock";
    }

    /**
     * Any name as one znode name: UTF-8 bytes outside {@code [A-Za-z0-9._~-]}, and a leading '.', as {@code %XX}
     * (upper-case hex). Injective, never '.' or '..', never starts with '.', no '/' or control characters.
     */
    static String encode(String name) {
        return percentEncode(name, (b, i) -> b == '_' || (b == '.' && i > 0));
    }

    /** Which bytes besides {@code [A-Za-z0-9~-]} stay as they are, by value and index. */
    @FunctionalInterface
    interface Plain {
        boolean test(int b, int index);
    }

    /** The UTF-8 bytes of {@code name} outside {@code [A-Za-z0-9~-]}, unless {@code also} keeps them, as %XX. */
    static String percentEncode(String name, Plain also) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = (b >= 'a' && b <= 'z')
                    || (b >= 'A' && b <= 'Z')
                    || (b >= '0' && b <= '9')
                    || b == '-'
                    || b == '~'
                    || also.test(b, i);
            if (plain) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return out.toString();
    }

    /** The sequence number of a kazoo contender node, or -1 if the name is not one. */
    static long sequence(String child) {
        Matcher m = CONTENDER.matcher(child);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static void check(NameKind kind, String name) {
        String what =
                switch (kind) {
                    case GROUP -> "group id";
                    case MEMBER -> "member id";
                    case LOCK -> "lock name";
                };
        if (!ALLOWED.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new InvalidNameException("ZooKeeper " + what + " '" + name + "' is not allowed: Python tooz stores"
                    + " it in a znode path, so use printable ASCII without '/' or spaces, and not '.' or '..'");
        }
        if (kind == NameKind.GROUP && name.equals(LOCKS)) {
            throw new InvalidNameException(
                    "ZooKeeper group id 'locks' is reserved: Python tooz keeps locks under" + " /<namespace>/locks");
        }
        if (kind == NameKind.GROUP && name.equals(CLAIMS)) {
            throw new InvalidNameException("ZooKeeper group id 'claims' is reserved: the periodic scheduler keeps"
                    + " its claims under /<namespace>/claims");
        }
        if (kind == NameKind.GROUP && (name.equals(RWLOCKS) || name.equals(SEMAPHORES))) {
            throw new InvalidNameException("ZooKeeper group id '" + name + "' is reserved: read-write locks and"
                    + " semaphores keep their queues under /<namespace>/" + RWLOCKS + " and /<namespace>/"
                    + SEMAPHORES);
        }
        if (kind == NameKind.MEMBER && name.equals(LEADER)) {
            throw new InvalidNameException("ZooKeeper member id 'leader' is reserved: Python tooz keeps a group's"
                    + " leader election under /<namespace>/<group>/leader");
        }
    }
}
