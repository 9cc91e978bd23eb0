package io.tooz.spring.boot;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Copies what the JVM prints to stdout and stderr (Boot's console log included) while open, and still prints it. */
final class Output implements AutoCloseable {
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    Output() {
        System.setOut(tee(out));
        System.setErr(tee(err));
    }

    private PrintStream tee(PrintStream to) {
        return new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        to.write(b);
                        synchronized (copy) {
                            copy.write(b);
                        }
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        to.write(b, off, len);
                        synchronized (copy) {
                            copy.write(b, off, len);
                        }
                    }
                },
                true,
                StandardCharsets.UTF_8);
    }

    String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
    }
}
