/**
 * Tooz's JUnit 5 support for applications' own tests.
 *
 * <p>{@link io.tooz.junit.BlackHoleProxy} partitions a TCP connection without closing it.
 */
package io.tooz.junit;
