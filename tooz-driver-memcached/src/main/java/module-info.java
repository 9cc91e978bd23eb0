/** The memcached driver ({@code memcached://}). Exports nothing: the core finds it as a service. */
@SuppressWarnings("requires-automatic")
module io.tooz.driver.memcached {
    requires io.tooz.core;
    requires org.slf4j;
    requires msgpack.core;

    provides io.tooz.spi.DriverProvider with
            io.tooz.driver.memcached.MemcachedDriverProvider;
}
