package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The CLI's logging configuration: jetcd's retry warnings hidden, java.util.logging (gRPC) through SLF4J. */
class CliLoggingTest {

    @Test
    void jetcdRetryWarningsAreNotShownItsErrorsAre() {
        org.slf4j.Logger kv = LoggerFactory.getLogger("io.etcd.jetcd.impl.KVImpl");
        assertThat(kv.isWarnEnabled())
                .as("'WARN KVImpl - retry failure' before every etcd error")
                .isFalse();
        assertThat(kv.isErrorEnabled()).isTrue();
    }

    @Test
    void javaUtilLoggingGoesThroughSlf4jAtItsLevels() {
        CliLogging.install();
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Logger grpc = Logger.getLogger("io.grpc.netty.TcpMetrics");
            grpc.info("Epoll available during static init of TcpMetrics:true");
            grpc.severe("a gRPC failure");
        } finally {
            System.setErr(saved);
        }
        String err = captured.toString(StandardCharsets.UTF_8);
        assertThat(err).doesNotContain("Epoll available").doesNotContain("SEVERE");
        assertThat(err.lines()).containsExactly("ERROR TcpMetrics - a gRPC failure");
    }
}
