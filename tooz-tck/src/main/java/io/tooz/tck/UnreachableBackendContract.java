package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.ToozConnectionException;
import io.tooz.junit.internal.Sockets;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * For drivers that reach a server over the network (tooz's {@code test_connection_error_bad_host}): starting against
 * an address where nothing listens fails within the configured timeout with {@link ToozConnectionException} naming
 * the host and port, and leaves the coordinator stopped.
 */
@Needs(offers = Offer.NETWORK)
public interface UnreachableBackendContract extends ContractSupport {

    /**
     * A URL of this driver's scheme where nothing listens, with a one-second timeout: the fixture URL, without its
     * query, with {@link #backendAddress()} replaced by {@link #unreachableHostPort()}.
     */
    default String unreachableUrl() {
        String url = Sockets.urlVia(fixture().url(), backendAddress(), new InetSocketAddress(Sockets.loopback(), 1));
        int query = url.indexOf('?');
        return (query < 0 ? url : url.substring(0, query)) + "?timeout=1";
    }

    /** The host and port the error message must name: port 1 of 127.0.0.1, where nothing listens. */
    default String unreachableHostPort() {
        return "127.0.0.1:1";
    }

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
