package io.tooz.driver.file;

import io.tooz.spi.DriverClaims;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Claims as files {@code D/.tooz/claims/<sha1(namespace)>/<period start>/<sha1(task)>} created with {@code
 * CREATE_NEW} (atomic create-if-absent) and written once: {@code "<token> <holder byte length>\n<holder>"}. Tokens are
 * reserved a batch at a time from the namespace's counter {@code .tokens} (a {@link FenceFile}) under a POSIX lock on
 * {@code .tokens.lock}, so every reservation is above all earlier ones, across processes. Files do not expire: the TTL
 * is honoured by {@link #sweep}.
 */
final class FileClaims implements DriverClaims {
    private static final int ATTEMPTS = 5;
    private static final int READ_ATTEMPTS = 20;

    private final FileStore store;
    private final AtomicLong requests = new AtomicLong();

    FileClaims(FileStore store) {
        this.store = store;
    }

    @Override
    public Map<String, Long> claim(
            String namespace, long periodStartMillis, List<String> tasks, String holder, Duration ttl) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(tasks));
        if (distinct.isEmpty()) {
            return Map.of();
        }
        return store.io("claim tasks of '" + namespace + "' for period " + periodStartMillis, l -> {
            long first = reserve(l, namespace, distinct.size(), holder);
            Path dir = l.claimPeriod(namespace, periodStartMillis);
            requests.incrementAndGet();
            Files.createDirectories(dir);
            Map<String, Long> claimed = new LinkedHashMap<>();
            for (int i = 0; i < distinct.size(); i++) {
                String task = distinct.get(i);
                long token = first + i;
                if (create(dir, l.claimFile(namespace, periodStartMillis, task), record(token, holder))) {
                    claimed.put(task, token);
                }
            }
            return claimed;
        });
    }

    /** Reserves {@code n} tokens; returns the first. */
    private long reserve(FileLayout l, String namespace, int n, String holder) throws IOException {
        PosixLock lock = PosixLock.acquire(l.claimTokensLock(namespace), store);
        try {
            requests.incrementAndGet();
            return FenceFile.advance(l.claimTokens(namespace), n, holder)[0] - n + 1;
        } finally {
            lock.release();
        }
    }

    private boolean create(Path dir, Path file, byte[] content) throws IOException {
        for (int attempt = 1; ; attempt++) {
            requests.incrementAndGet();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (NoSuchFileException e) { // a sweep removed the period directory meanwhile
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                requests.incrementAndGet();
                Files.createDirectories(dir);
            }
        }
    }

    private static byte[] record(long token, String holder) {
        byte[] name = holder.getBytes(StandardCharsets.UTF_8);
        byte[] head = (token + " " + name.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + name.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(name, 0, out, head.length, name.length);
        return out;
    }

    /** The claim in a file's content, or {@code null} if incomplete (its single write not applied yet). */
    static Claim parse(byte[] b) {
        int nl = 0;
        while (nl < b.length && b[nl] != '\n') {
            nl++;
        }
        if (nl == b.length) {
            return null;
        }
        String[] head = new String(b, 0, nl, StandardCharsets.US_ASCII).split(" ");
        if (head.length != 2) {
            return null;
        }
        try {
            long token = Long.parseLong(head[0]);
            int length = Integer.parseInt(head[1]);
            if (b.length - nl - 1 != length) {
                return null;
            }
            return new Claim(new String(b, nl + 1, length, StandardCharsets.UTF_8), token);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public Optional<Claim> read(String namespace, long periodStartMillis, String task) {
        return store.io("read the claim on '" + task + "' of '" + namespace + "'", l -> {
            Path file = l.claimFile(namespace, periodStartMillis, task);
            for (int i = 0; i < READ_ATTEMPTS; i++) {
                requests.incrementAndGet();
                byte[] b = FileIo.readOrNull(file);
                if (b == null) {
                    return Optional.empty();
                }
                Claim c = parse(b);
                if (c != null) {
                    return Optional.of(c);
                }
                LockSupport.parkNanos(1_000_000); // created, not written yet
            }
            return Optional.empty(); // its writer died between create and write: held by nobody known
        });
    }

    @Override
    public void sweep(String namespace, long beforeMillis) {
        store.io("sweep the claims of '" + namespace + "'", l -> {
            requests.incrementAndGet();
            List<Path> periods = FileIo.list(l.claimNamespace(namespace));
            if (periods == null) {
                return null;
            }
            for (Path period : periods) {
                if (!isBefore(period.getFileName().toString(), beforeMillis)) {
                    continue;
                }
                requests.incrementAndGet();
                List<Path> files = FileIo.list(period);
                for (Path f : files == null ? List.<Path>of() : files) {
                    requests.incrementAndGet();
                    Files.deleteIfExists(f);
                }
                requests.incrementAndGet();
                try {
                    Files.deleteIfExists(period);
                } catch (DirectoryNotEmptyException e) {
                    // a late claim landed in it: the next sweep takes it
                }
            }
            return null;
        });
    }

    private static boolean isBefore(String period, long beforeMillis) {
        try {
            return Long.parseLong(period) < beforeMillis;
        } catch (NumberFormatException e) {
            return false; // the token counter and its lock file
        }
    }

    @Override
    public long requests() {
        return requests.get();
    }
}
