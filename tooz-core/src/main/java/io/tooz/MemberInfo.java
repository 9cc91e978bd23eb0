package io.tooz;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the backend knows about one member of a group (tooz {@code get_member_info}).
 *
 * @param capabilities the member's capabilities
 * @param joinedAt when the member joined, where the backend records it
 * @param updatedAt when the capabilities were last written, where the backend records it
 */
public record MemberInfo(Capabilities capabilities, Optional<Instant> joinedAt, Optional<Instant> updatedAt) {
    /** Validates that no component is null. */
    public MemberInfo {
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(joinedAt, "joinedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
