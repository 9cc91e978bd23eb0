/** Python tooz's partitioner: objects mapped to group members on a consistent hash ring, kept current. */
@NullMarked
package io.tooz.partition;

import org.jspecify.annotations.NullMarked;
