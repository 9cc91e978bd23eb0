package io.tooz.tck;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what runs while it is open writes to {@code System.out}, {@code System.err} (where slf4j-simple logs) and
 * {@code java.util.logging}; restores the streams on close.
 */
public final class OutputCapture implements AutoCloseable {
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final StringBuilder jul = new StringBuilder();
    private final Handler handler = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            synchronized (jul) {
                jul.append(format.format(r));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    public OutputCapture() {
        PrintStream sink = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(sink);
        System.setErr(sink);
        Logger.getLogger("").addHandler(handler);
    }

    /** Everything written so far. */
    public String text() {
        synchronized (jul) {
            return bytes.toString(StandardCharsets.UTF_8) + jul;
        }
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        Logger.getLogger("").removeHandler(handler);
    }

    /** An exception as a user may see it: its toString, messages and stack trace, causes and suppressed included. */
    public static String describe(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
