/**
 * Consistent hashing compatible with Python {@code tooz.hashring}: {@link io.tooz.hashring.HashRing} places nodes on an
 * MD5 ring exactly like tooz, so Java and Python processes sharing a node list agree on which node owns a key.
 */
@NullMarked
package io.tooz.hashring;

import org.jspecify.annotations.NullMarked;
