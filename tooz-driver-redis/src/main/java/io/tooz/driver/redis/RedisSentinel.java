package io.tooz.driver.redis;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.DriverOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis Sentinel, as Python tooz takes it: {@code redis://SENTINEL_HOST:PORT?sentinel=MASTER_NAME
 * &sentinel_fallback=HOST:PORT...}; the URL's user and password are the master's, {@code sentinel_username} and
 * {@code sentinel_password} the sentinels'.
 *
 * @param master the monitored master's name
 * @param sentinels {@code host:port} of each sentinel
 */
record RedisSentinel(String master, List<String> sentinels, String user, String password, boolean tls) {
    static final int DEFAULT_PORT = 26379;

    /** The sentinel settings of the URL, or null without {@code sentinel=}. */
    static RedisSentinel from(ConnectionUrl url, DriverOptions o) {
        String master = o.string("sentinel", null);
        List<String> fallback = o.list("sentinel_fallback");
        String user = o.string("sentinel_username", null);
        String password = o.string("sentinel_password", null);
        boolean tls = o.bool("sentinel_ssl", false);
        if (master == null) {
            if (!fallback.isEmpty() || user != null || password != null) {
                throw new ToozConfigurationException(
                        "options sentinel_fallback, sentinel_username and sentinel_password of redis:// need"
                                + " sentinel=MASTER_NAME");
            }
            return null;
        }
        if (master.isBlank()) {
            throw new ToozConfigurationException("option 'sentinel' of redis:// is empty; give the master's name");
        }
        List<String> sentinels = new ArrayList<>();
        url.hosts().forEach(h -> sentinels.add(h.host() + ":" + h.portOr(DEFAULT_PORT)));
        for (String f : fallback) {
            if (f.contains("@")) { // a user or password: not shown
                throw new ToozConfigurationException("option 'sentinel_fallback' of redis:// has a value with an '@';"
                        + " expected HOST:PORT, with sentinel_username and sentinel_password as options of their own");
            }
            String hostPort = f.startsWith("[") ? f.replaceFirst("^\\[([^]]+)]", "$1") : f;
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || !hostPort.substring(colon + 1).matches("\\d{1,5}")) {
                throw new ToozConfigurationException(
                        "option 'sentinel_fallback' of redis:// has bad value '" + f + "'; expected HOST:PORT");
            }
            sentinels.add(hostPort);
        }
        if (sentinels.isEmpty()) {
            throw new ToozConfigurationException(
                    "redis URL '" + url + "' with sentinel= names no sentinel; use redis://SENTINEL_HOST:PORT");
        }
        return new RedisSentinel(master, List.copyOf(sentinels), user, password, tls);
    }

    @Override
    public String toString() {
        return "master " + master + " via sentinel " + String.join(",", sentinels);
    }
}
