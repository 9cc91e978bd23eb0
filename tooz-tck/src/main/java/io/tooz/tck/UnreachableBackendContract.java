package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.ToozConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * For drivers that reach a server over the network (tooz's {@code test_connection_error_bad_host}): starting against
 * an address where nothing listens fails within the configured timeout with {@link ToozConnectionException} naming
 * the host and port, and leaves the coordinator stopped.
 */
public interface UnreachableBackendContract extends ContractSupport {

    /** A URL of this driver's scheme where nothing listens, with a short connect timeout, e.g. port 1. */
    String unreachableUrl();

    /** The host and port the error message must name. */
    String unreachableHostPort();

    /** How long {@code start()} may take to give up: the URL's timeout plus slack. */
    default Duration unreachableStartBound() {
        return Duration.ofSeconds(15);
    }

    @Test
    default void startAgainstAnUnreachableServerFailsNamingHostAndPort() {
        Coordinator c = Coordinator.builder(unreachableUrl()).build();
        long start = System.nanoTime();
        assertThatThrownBy(c::start)
                .isInstanceOf(ToozConnectionException.class)
                .hasMessageContaining(unreachableHostPort());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(unreachableStartBound());
        assertThat(c.isStarted()).isFalse();
        c.close();
    }
}
