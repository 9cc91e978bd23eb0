/**
 * The etcd v3 driver ({@code etcd3+http://}, {@code etcd3+https://}). Exports nothing: the core finds it as a service.
 *
 * <p>{@code jetcd.core} and {@code jetcd.common} are automatic modules named from their files (the jars declare no
 * name).
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
