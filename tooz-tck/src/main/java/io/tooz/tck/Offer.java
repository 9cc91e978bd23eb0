package io.tooz.tck;

import io.tooz.junit.BlackHoleProxy;

/** What a contract test's setup offers beyond the driver's features, for {@link Backend#offers()}. */
public enum Offer {
    /**
     * A server reached over TCP at the fixture URL's first {@code host:port} ({@link ContractSupport#backendAddress()}),
     * one of {@link SharedServer}'s: {@link UnreachableBackendContract}. Tag such a test {@link ServerTest}.
     */
    NETWORK,
    /**
     * A {@link BlackHoleProxy} can stand between a coordinator and that server (the driver connects only to the URL's
     * address): {@link PartitionContract}. Implies {@link #NETWORK}.
     */
    PROXY,
    /**
     * A worker JVM can be started against the server through a proxy, frozen and killed ({@link
     * SchedulerProcessContract}, opt-in as it starts a JVM). Implies {@link #PROXY}.
     */
    WORKER_PROCESS
}
