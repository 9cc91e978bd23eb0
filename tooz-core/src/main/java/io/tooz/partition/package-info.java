/** Python tooz's partitioner: objects mapped to group members on a consistent hash ring, kept current. */
package io.tooz.partition;
