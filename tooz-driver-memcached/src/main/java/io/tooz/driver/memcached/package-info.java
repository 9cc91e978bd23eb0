/** The {@code memcached://} driver, wire-compatible with Python tooz; see {@link MemcachedDriverProvider}. */
package io.tooz.driver.memcached;
