package io.tooz.driver.memcached;

/**
 * A value read with {@code gets}: its bytes, item flags (1 raw bytes, 2 MessagePack, as Python tooz) and CAS unique.
 */
record MemcachedItem(byte[] value, int flags, long cas) {}
