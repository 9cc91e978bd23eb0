package io.tooz.examples.probes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the example on memory:// (no web server) and sees its RUN lines: every probe of a period, once. */
class ProbesApplicationTest {

    @Test
    void printsARunLinePerProbeAndPeriod() {
        PrintStream out = System.out;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new TeeStream(out, copy), true, StandardCharsets.UTF_8));
        try (ConfigurableApplicationContext app = SpringApplication.run(
                ProbesApplication.class,
                "--tooz.url=memory://probes-test",
                "--spring.main.web-application-type=none",
                "--probes.period=500ms")) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> periods(text(copy)).size() >= 3);
            // tooz-micrometer's meters, bound by Spring Boot to the application's registry
            MeterRegistry registry = app.getBean(MeterRegistry.class);
            assertThat(registry.get("tooz.scheduler.runs")
                            .tag("group", "probes")
                            .functionCounter()
                            .count())
                    .isGreaterThanOrEqualTo(2 * 254);
        } finally {
            System.setOut(out);
        }
        String text = text(copy);
        long middle = periods(text).stream()
                .mapToLong(Long::parseLong)
                .sorted()
                .skip(1)
                .findFirst()
                .orElseThrow();
        Set<String> lines = Arrays.stream(text.split("\n"))
                .filter(l -> l.startsWith("RUN ") && l.split(" ")[2].equals(String.valueOf(middle)))
                .collect(Collectors.toSet());
        assertThat(lines).hasSize(254);
        assertThat(lines).allMatch(l -> l.matches("RUN probe-\\d{3} " + middle + " \\d+"));
        assertThat(text).contains("period " + middle + ": this instance ran 254 of 254 tasks");
    }

    private static Set<String> periods(String text) {
        return Arrays.stream(text.split("\n"))
                .filter(l -> l.startsWith("RUN "))
                .map(l -> l.split(" ")[2])
                .collect(Collectors.toSet());
    }

    private static String text(ByteArrayOutputStream copy) {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    /** Writes to both. */
    private static final class TeeStream extends java.io.OutputStream {
        private final PrintStream out;
        private final ByteArrayOutputStream copy;

        TeeStream(PrintStream out, ByteArrayOutputStream copy) {
            this.out = out;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            out.write(b);
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.write(b, off, len);
            synchronized (copy) {
                copy.write(b, off, len);
            }
        }
    }
}
