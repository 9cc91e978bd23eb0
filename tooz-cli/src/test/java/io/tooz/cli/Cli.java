package io.tooz.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the tooz command in-process and captures its output. */
final class Cli {
    private Cli() {}

    /** The outcome of one command. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result run(String... args) {
        return runWithInput("", args);
    }

    static Result runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ToozCli.run(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out),
                new PrintWriter(err),
                args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** A command running in a background thread; its output can be read while it runs. */
    static final class Running {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CompletableFuture<Integer> exit;

        Running(String... args) {
            exit = CompletableFuture.supplyAsync(() -> ToozCli.run(
                    new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err), args));
        }

        /** Waits until stdout contains {@code text}. */
        Running awaitOutput(String text) {
            return await(out, text);
        }

        /** Waits until stderr contains {@code text}. */
        Running awaitError(String text) {
            return await(err, text);
        }

        private Running await(StringWriter stream, String text) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!stream.toString().contains(text)) {
                if (exit.isDone() || System.nanoTime() > deadline) {
                    throw new AssertionError("no '" + text + "' in output: " + snapshot());
                }
                sleep(20);
            }
            return this;
        }

        /** The output so far; exit -1 while running. */
        Result snapshot() {
            return new Result(exit.isDone() ? exit.join() : -1, out.toString(), err.toString());
        }

        /** Waits for the command to finish. */
        Result result() {
            int code = exit.isDone() || waitFor() ? exit.join() : -1;
            return new Result(code, out.toString(), err.toString());
        }

        private boolean waitFor() {
            try {
                exit.get(30, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                return false;
            }
        }
    }

    static Running start(String... args) {
        return new Running(args);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A fresh memory:// backend for one test. */
    static String uniqueUrl() {
        return "memory://cli-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
