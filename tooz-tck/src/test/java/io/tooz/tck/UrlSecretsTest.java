package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.ToozConfigurationException;
import io.tooz.spi.ConnectionUrl;
import io.tooz.tck.SecretUrls.Case;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No part of a URL's password (nor, where the URL is malformed, of its user) shows in what the core prints, logs or
 * throws: {@link ConnectionUrl#parse}, {@link ConnectionUrl#redact}, {@code toString()}, and {@code
 * Coordinator.builder(url).build()} and {@code start()} on every scheme (only memory:// has its driver here; the others
 * fail naming the scheme). tooz-cli's tests run the same corpus through the drivers and the CLI.
 */
class UrlSecretsTest {
    static {
        // where the core logs about a URL, at every level (loggers made before this line keep their level)
        System.setProperty("org.slf4j.simpleLogger.log.io.tooz", "trace");
    }

    private static List<Case> corpus() {
        List<Case> all = new ArrayList<>();
        for (String scheme : SecretUrls.SCHEMES) {
            all.addAll(SecretUrls.malformed(scheme, "127.0.0.1:1"));
            all.addAll(SecretUrls.wellFormed(scheme, "127.0.0.1:1", "", ""));
        }
        all.add(SecretUrls.noScheme("127.0.0.1:1"));
        return all;
    }

    @Test
    void malformedUrlsAreRefusedWithoutQuotingTheirUserInformation() {
        for (String scheme : SecretUrls.SCHEMES) {
            for (Case c : SecretUrls.malformed(scheme, "127.0.0.1:1")) {
                assertThatThrownBy(() -> ConnectionUrl.parse(c.url()))
                        .as(c.url())
                        .isInstanceOf(ToozConfigurationException.class);
                assertThatThrownBy(() -> Coordinator.builder(c.url()).build())
                        .as(c.url())
                        .isInstanceOf(ToozConfigurationException.class);
            }
        }
    }

    @Test
    void noEntryPointOfTheCoreShowsAPassword() {
        for (Case c : corpus()) {
            try (OutputCapture capture = new OutputCapture()) {
                StringBuilder seen = new StringBuilder();
                seen.append(ConnectionUrl.redact(c.url())).append('\n');
                try {
                    seen.append(ConnectionUrl.parse(c.url())).append('\n');
                } catch (RuntimeException e) {
                    seen.append(OutputCapture.describe(e));
                }
                seen.append(buildAndStart(c.url()));
                SecretUrls.assertHidden(c, "the core's messages", seen.toString());
                SecretUrls.assertHidden(c, "the log", capture.text());
            }
        }
    }

    @Test
    void aWellFormedUrlShowsItsUserButNeverItsPassword() {
        try (Coordinator c =
                Coordinator.builder("memory://Us3rQ:S3cr3tPw@x").memberId("m").build()) {
            c.start();
            assertThat(c.toString())
                    .contains("memory://***@x")
                    .doesNotContain("S3cr3tPw")
                    .doesNotContain("Us3rQ");
        }
        assertThat(ConnectionUrl.redact("redis://Us3rQ:S3cr3tPw@h:6379/0?password=K3y&db=1"))
                .isEqualTo("redis://***@h:6379/0?password=***&db=1");
    }

    /** What building and starting a coordinator on {@code url} shows: its toString, or the exceptions. */
    private static String buildAndStart(String url) {
        StringBuilder seen = new StringBuilder();
        Coordinator c;
        try {
            c = Coordinator.builder(url).memberId("m").build();
        } catch (RuntimeException e) {
            return OutputCapture.describe(e);
        }
        try (c) {
            seen.append(c).append('\n');
            c.start();
            seen.append(c).append('\n');
        } catch (RuntimeException e) {
            seen.append(OutputCapture.describe(e));
        }
        return seen.toString();
    }
}
