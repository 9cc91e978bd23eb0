package io.tooz.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Python tooz 3.1.0 coordinator in a {@code /usr/bin/python3} subprocess running {@code peer.py}: one JSON command
 * per line in, one JSON reply per line out. Every reply is awaited at most {@link #REPLY_TIMEOUT}, so a stuck peer
 * fails the test instead of hanging it. Closing kills the process.
 */
final class PythonPeer implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    /**
     * What peer.py needs: tooz and the clients of the tested drivers (kazoo, redis-py, psycopg2, PyMySQL, etcd3gw,
     * python-etcd3, pymemcache).
     */
    static final String IMPORTS = "import tooz, kazoo, redis, psycopg2, pymysql, etcd3gw, etcd3, pymemcache";

    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
    private static final String EOF = "\u0000EOF";

    final String memberId;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Path script;
    private final Path stderr;

    private PythonPeer(String url, String memberId) throws IOException {
        this.memberId = memberId;
        script = Files.createTempFile("tooz-peer-", ".py");
        stderr = Files.createTempFile("tooz-peer-", ".stderr");
        try (InputStream in = PythonPeer.class.getResourceAsStream("peer.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder pb = new ProcessBuilder(PYTHON, "-u", script.toString())
                .redirectError(stderr.toFile())
                .redirectOutput(ProcessBuilder.Redirect.PIPE);
        pb.environment().keySet().removeIf(k -> k.startsWith("PYTHON"));
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        process = pb.start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::pump, "python-peer-" + memberId);
        reader.setDaemon(true);
        reader.start();
        try {
            call("start", "url", url, "member", memberId);
        } catch (AssertionError e) {
            close();
            throw e;
        }
    }

    /**
     * Starts a peer whose coordinator {@code memberId} is connected to {@code url}.
     *
     * @throws AssertionError if Python tooz is missing or the coordinator cannot start
     */
    static PythonPeer start(String url, String memberId) {
        requireTooz();
        try {
            return new PythonPeer(url, memberId);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + PYTHON + " peer.py: " + e, e);
        }
    }

    /** Fails with the fix if {@code /usr/bin/python3} cannot import tooz and the clients of its drivers used here. */
    static void requireTooz() {
        String why;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", IMPORTS)
                    .redirectErrorStream(true)
                    .start();
            boolean exited = p.waitFor(30, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (exited && p.exitValue() == 0) {
                return;
            }
            p.destroyForcibly();
            why = exited ? out.strip() : "timed out";
        } catch (IOException e) {
            why = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = e.toString();
        }
        throw new AssertionError("python3-tooz is missing: run scripts/backends.sh up python (" + PYTHON + " -c '"
                + IMPORTS + "' failed: " + why + ")");
    }

    /**
     * Sends {@code op} with arguments given as alternating names and values and returns the result.
     *
     * @throws AssertionError if the peer answers with an error, dies or does not answer in time
     */
    Object call(String op, Object... args) {
        Map<String, Object> reply = send(op, args);
        if (reply.containsKey("error")) {
            throw new AssertionError("Python peer " + memberId + " failed " + op + ": " + reply.get("error"));
        }
        return reply.get("result");
    }

    /** Sends {@code op}, which must fail; returns Python's {@code "<ExceptionClass>: message"}. */
    String callFailing(String op, Object... args) {
        Map<String, Object> reply = send(op, args);
        if (!reply.containsKey("error")) {
            throw new AssertionError(
                    "Python peer " + memberId + " was expected to fail " + op + " but returned " + reply.get("result"));
        }
        return (String) reply.get("error");
    }

    @SuppressWarnings("unchecked")
    List<String> strings(String op, Object... args) {
        return (List<String>) call(op, args);
    }

    @SuppressWarnings("unchecked")
    private synchronized Map<String, Object> send(String op, Object... args) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("op", op);
        for (int i = 0; i < args.length; i += 2) {
            command.put((String) args[i], args[i + 1]);
        }
        try {
            stdin.write(PeerJson.write(command) + "\n");
            stdin.flush();
            String line = replies.poll(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null || line.equals(EOF)) {
                String what = line == null ? "did not answer within " + REPLY_TIMEOUT : "exited";
                throw new AssertionError(
                        "Python peer " + memberId + " " + what + " on " + op + "; stderr: " + stderrTail());
            }
            return (Map<String, Object>) PeerJson.parse(line);
        } catch (IOException e) {
            throw new AssertionError("Python peer " + memberId + " is gone (" + e + "); stderr: " + stderrTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for the Python peer", e);
        }
    }

    private void pump() {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                replies.add(line);
            }
        } catch (IOException e) {
            // the process went away; the EOF marker tells the waiting caller
        }
        replies.add(EOF);
    }

    private String stderrTail() {
        try {
            String all = Files.readString(stderr);
            return all.isBlank() ? "(empty)" : all.substring(Math.max(0, all.length() - 4000));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(script);
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            // temp files; nothing to do
        }
    }
}
