/**
 * Tooz's JUnit 5 extension ({@code io.tooz.junit}): started coordinators injected into tests, cleaned up after each
 * test, with fault injection; and the black-hole TCP proxy its partitions use.
 *
 * <p>{@code io.tooz.junit.internal} is exported to the TCK only, which is built after this module (hence {@code
 * "module"}: javac does not know it yet).
 */
@SuppressWarnings("module")
module io.tooz.junit {
    requires transitive io.tooz.core;
    requires transitive org.junit.jupiter.api;
    requires org.slf4j;
    requires static io.tooz.embedded.zookeeper;

    exports io.tooz.junit;
    // socket and thread helpers the TCK's fault tools share with the proxy
    exports io.tooz.junit.internal to
            io.tooz.tck;
}
