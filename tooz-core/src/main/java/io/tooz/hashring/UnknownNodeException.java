package io.tooz.hashring;

import io.tooz.ToozException;

/**
 * Raised by {@link HashRing#removeNode(String)} when the node is not on the ring.
 *
 * <p>Python compatibility: mirrors {@code tooz.hashring.UnknownNode}, including its message {@code Unknown node `X'}.
 */
public final class UnknownNodeException extends ToozException {
    private static final long serialVersionUID = 1L;

    private final String node;

    /**
     * Creates the exception for {@code node}.
     *
     * @param node the node that is not on the ring
     */
    public UnknownNodeException(String node) {
        super("Unknown node `" + node + "'");
        this.node = node;
    }

    /**
     * Returns the node that was not found.
     *
     * @return the node name passed to {@link HashRing#removeNode(String)}
     */
    public String node() {
        return node;
    }
}
