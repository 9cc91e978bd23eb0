/**
 * Tooz for Java: the API ({@code io.tooz}, {@code io.tooz.hashring}, {@code io.tooz.partition}, {@code
 * io.tooz.schedule}), the driver SPI ({@code io.tooz.spi}) and the built-in {@code memory://} driver. Everything under
 * {@code io.tooz.internal} is the core's own and is not exported.
 *
 * <p>{@code msgpack.core} is msgpack-core's automatic module, named from its file (the jar declares no module name).
 */
@SuppressWarnings({"module", "requires-automatic"})
module io.tooz.core {
    requires org.slf4j;
    requires msgpack.core;
    requires static transitive org.jspecify;

    exports io.tooz;
    exports io.tooz.hashring;
    exports io.tooz.partition;
    exports io.tooz.schedule;
    exports io.tooz.spi;
    // fault hooks and the run history, for the TCK's fixtures, tooz-junit's faults and the CLI's demo only
    exports io.tooz.internal.hooks to
            io.tooz.tck,
            io.tooz.junit,
            io.tooz.cli;
    // PEM files and OpenSSL cipher names of Python tooz's TLS options, for the drivers that take them
    // (io.tooz.driver.zookeeper is an automatic module, named in its jar's manifest)
    exports io.tooz.internal.tls to
            io.tooz.driver.memcached,
            io.tooz.driver.jdbc,
            io.tooz.driver.redis,
            io.tooz.driver.zookeeper,
            io.tooz.driver.etcd;

    // unix domain sockets as java.net.Socket, for the client libraries of the drivers whose URLs take a socket path
    exports io.tooz.internal.net to
            io.tooz.driver.jdbc,
            io.tooz.driver.redis;

    // values derived once per lock and remembered (BoundedMemo), for the drivers whose grants would derive them each
    // time
    exports io.tooz.internal.memo to
            io.tooz.driver.file,
            io.tooz.driver.jdbc,
            io.tooz.driver.redis;

    uses io.tooz.spi.DriverProvider;

    provides io.tooz.spi.DriverProvider with
            io.tooz.internal.memory.MemoryDriverProvider;
}
