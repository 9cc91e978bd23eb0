/** The Redis driver ({@code redis://}, {@code rediss://}). Exports nothing: the core finds it as a service. */
@SuppressWarnings("requires-automatic")
module io.tooz.driver.redis {
    requires io.tooz.core;
    requires org.slf4j;
    requires redis.clients.jedis;
    requires org.apache.commons.pool2;

    provides io.tooz.spi.DriverProvider with
            io.tooz.driver.redis.RedisDriverProvider;
}
