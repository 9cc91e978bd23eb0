package io.tooz.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import io.tooz.junit.BlackHoleProxy;
import io.tooz.tck.FaultPorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A context whose backend cannot be used does not start: it fails at once with the library's typed error, and no
 * password shows in the exception, the log or the failure analysis.
 */
class FailFastTest {
    private static final String SECRET = "s3cr3t-pw";
    private Output output;

    @org.junit.jupiter.api.BeforeEach
    void capture() {
        output = new Output();
    }

    @org.junit.jupiter.api.AfterEach
    void release() {
        output.close();
    }

    @Test
    void aPortWhereNothingListens() {
        String hostPort = "127.0.0.1:" + FaultPorts.refused().getPort();
        Throwable failure = startFails("redis://admin:" + SECRET + "@" + hostPort + "?timeout=1");
        assertTyped(failure, ToozConnectionException.class, output);
        assertThat(output.text()).contains(hostPort);
    }

    @Test
    void aPortThatAcceptsButNeverAnswers() {
        try (BlackHoleProxy silent = BlackHoleProxy.silent()) {
            long begun = System.nanoTime();
            Throwable failure = startFails("zookeeper://admin:" + SECRET + "@" + silent.hostPort() + "?timeout=1");
            assertThat(Duration.ofNanos(System.nanoTime() - begun)).isLessThan(Duration.ofSeconds(20));
            assertTyped(failure, ToozConnectionException.class, output);
        }
    }

    @Test
    void aMalformedUrl() {
        Throwable failure = startFails("redis://admin:" + SECRET + "@127.0.0.1:6379/0?timeout=%zz");
        assertTyped(failure, ToozConfigurationException.class, output);
    }

    @Test
    void anUnknownScheme() {
        Throwable failure = startFails("nosuch://admin:" + SECRET + "@127.0.0.1:1");
        assertTyped(failure, ToozConfigurationException.class, output);
        assertThat(output.text()).contains("nosuch");
    }

    private static Throwable startFails(String url) {
        Throwable failure = catchThrowable(
                () -> TestApp.start(TestApp.Nothing.class, "tooz.url=" + url).close());
        assertThat(failure).as("the context started against " + url).isNotNull();
        return failure;
    }

    private static void assertTyped(Throwable failure, Class<? extends ToozException> type, Output output) {
        Throwable tooz = failure;
        while (tooz != null && !(tooz instanceof ToozException)) {
            tooz = tooz.getCause();
        }
        assertThat(tooz).as("the library's error in the cause chain").isInstanceOf(type);
        List<String> texts = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            texts.add(String.valueOf(t.getMessage()));
            texts.add(t.toString());
            for (Throwable s : t.getSuppressed()) {
                texts.add(String.valueOf(s.getMessage()));
            }
        }
        assertThat(texts).noneMatch(text -> text.contains(SECRET));
        FailureAnalysis analysis = new ToozFailureAnalyzer().analyze(failure);
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains(type.getSimpleName()).doesNotContain(SECRET);
        assertThat(analysis.getAction()).isNotBlank();
        // Boot logs the analysis ("APPLICATION FAILED TO START") through the same analyzer
        assertThat(output.text()).contains("APPLICATION FAILED TO START").doesNotContain(SECRET);
    }
}
