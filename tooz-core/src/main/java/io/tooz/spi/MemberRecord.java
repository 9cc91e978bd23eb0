package io.tooz.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A member as stored by a driver.
 *
 * @param capabilities MessagePack bytes
 * @param joinedAt when the member joined, or {@code null} if the backend does not record it
 * @param updatedAt when capabilities were last written, or {@code null}
 */
public record MemberRecord(byte[] capabilities, @Nullable Instant joinedAt, @Nullable Instant updatedAt) {
    /** A member whose backend records no times. */
    public MemberRecord(byte[] capabilities) {
        this(capabilities, null, null);
    }
}
