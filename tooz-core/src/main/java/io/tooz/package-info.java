/**
 * Tooz for Java: distributed coordination over pluggable backends, in Python tooz's vocabulary.
 *
 * <p>Start with {@link io.tooz.Coordinator#builder(String)}. A coordinator offers group membership with capabilities
 * and join/leave watchers, leader election, exclusive locks with fencing tokens and lease-loss signals, barriers, and
 * a {@linkplain io.tooz.partition.Partitioner partitioner} on Python tooz's {@linkplain io.tooz.hashring.HashRing hash
 * ring}. All exceptions are unchecked subclasses of {@link io.tooz.ToozException}.
 */
@NullMarked
package io.tooz;

import org.jspecify.annotations.NullMarked;
