package io.tooz.driver.redis;

/** Compares {@code redis_version} strings. */
final class RedisVersion {
    private RedisVersion() {}

    static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("\\.");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return true; // a build with an odd version string: let it try
        }
    }
}
