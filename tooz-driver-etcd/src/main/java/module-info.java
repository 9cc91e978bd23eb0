/**
 * The etcd v3 driver ({@code etcd3+http://}, {@code etcd3+https://}, {@code etcd3://}, {@code etcd://}). Exports
 * nothing: the core finds it as a service.
 *
 * <p>{@code jetcd.core} and {@code jetcd.common} are automatic modules named from their files (the jars declare no
 * name). Being automatic, jetcd cannot require the named modules it uses (Guava, Vert.x): on the module path,
 * resolve them with {@code --add-modules ALL-MODULE-PATH}.
 */
@SuppressWarnings("requires-automatic")
module io.tooz.driver.etcd {
    requires io.tooz.core;
    requires org.slf4j;
    requires jetcd.core;
    requires jetcd.common;
    requires io.grpc;
    requires io.netty.handler;

    provides io.tooz.spi.DriverProvider with
            io.tooz.driver.etcd.EtcdDriverProvider;
}
