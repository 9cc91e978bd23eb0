/**
 * Not API: socket and thread helpers that tooz-junit's {@link io.tooz.junit.BlackHoleProxy} shares with the TCK's fault
 * tools. The module exports this package to {@code io.tooz.tck} only; it may change in any release.
 */
package io.tooz.junit.internal;
