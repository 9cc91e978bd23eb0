package io.tooz.tck;

import io.tooz.Coordinator;
import io.tooz.CoordinatorBuilder;
import io.tooz.junit.BlackHoleProxy;
import io.tooz.junit.internal.Sockets;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What the contracts that put a {@link BlackHoleProxy} between a coordinator and the backend share ({@link
 * PartitionContract}, {@link SharedLockPartitionContract}): the fixture URL rewritten to go through an address, and
 * proxied coordinators that are healed and closed after the test. The driver must connect only to the URL's address
 * ({@link #backendAddress()}), not to addresses the server advertises.
 */
public interface ProxySupport extends ContractSupport {

    /**
     * How long a driver operation may wait for a backend that does not answer before the coordinator ends it; the
     * fixture's TTL by default, as drivers derive their request timeout from the {@code timeout} option. The
     * contract allows two seconds more.
     */
    default Duration operationTimeout() {
        return ttl();
    }

    /**
     * The fixture URL with the first {@code host:port} of {@link #backendAddress()} replaced by {@code address}
     * (printed as {@code 127.0.0.1:PORT} for the harness's loopback addresses).
     *
     * @throws AssertionError if the fixture URL does not contain the backend address
     */
    default String urlVia(InetSocketAddress address) {
        return Sockets.urlVia(fixture().url(), backendAddress(), address);
    }

    /**
     * A proxy in front of {@link #backendAddress()}, closed after the test (after the coordinators created later).
     */
    default BlackHoleProxy newProxy() {
        return track(BlackHoleProxy.start(backendAddress()));
    }

    /** A started coordinator reaching the backend through {@code proxy}, with the fixture's options. */
    default Coordinator newCoordinatorVia(BlackHoleProxy proxy) {
        return newCoordinatorVia(proxy, b -> {});
    }

    /**
     * A started coordinator reaching the backend through {@code proxy}, with the fixture's options and then {@code
     * customizer}'s. After the test the proxy is healed before this coordinator is closed, and closed after it.
     */
    default Coordinator newCoordinatorVia(BlackHoleProxy proxy, Consumer<CoordinatorBuilder> customizer) {
        CoordinatorBuilder b =
                Coordinator.builder(urlVia(proxy.address())).options(fixture().options());
        customizer.accept(b);
        Coordinator c = track(b.build());
        AutoCloseable healer = () -> {
            if (proxy.partitioned()) {
                try {
                    proxy.heal();
                } catch (IllegalStateException silent) {
                    // a silent proxy has nothing to heal to
                }
            }
        };
        track(healer);
        c.start();
        return c;
    }
}
