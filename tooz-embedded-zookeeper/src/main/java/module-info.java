/**
 * An Apache ZooKeeper server in the JVM ({@code io.tooz.embedded.zookeeper.EmbeddedZooKeeper}).
 *
 * <p>{@code zookeeper} is an automatic module named from its file. This module does not run on the module path:
 * ZooKeeper's server needs zookeeper-jute, which splits two packages with zookeeper (see tooz-driver-zookeeper's pom);
 * run it on the class path. The descriptor states what it uses and is checked at build time.
 */
@SuppressWarnings({"module", "requires-automatic"})
module io.tooz.embedded.zookeeper {
    requires zookeeper;

    exports io.tooz.embedded.zookeeper;
}
