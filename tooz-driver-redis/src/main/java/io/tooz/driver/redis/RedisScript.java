package io.tooz.driver.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script from this package's resources (those that free a lock after {@code prelude.lua}, which wakes
 * waiters; those that list a queue after {@code queue_prelude.lua}), run by SHA-1 ({@code EVALSHA}) and loaded on
 * {@code NOSCRIPT}.
 */
enum RedisScript {
    CREATE_GROUP("create_group", null),
    DELETE_GROUP("delete_group", null),
    JOIN_GROUP("join_group", null),
    LEAVE_GROUP("leave_group", null),
    UPDATE_CAPABILITIES("update_capabilities", null),
    GET_MEMBERS("get_members", null),
    GET_CAPABILITIES("get_capabilities", null),
    HEARTBEAT("heartbeat", null),
    LOCK_ACQUIRE("lock_acquire", null),
    LOCK_RELEASE("lock_release", "prelude"),
    LOCK_REFRESH("lock_refresh", null),
    LOCK_LEAVE_QUEUE("lock_leave_queue", "prelude"),
    LOCK_BREAK("lock_break", "prelude"),
    QUEUE_ENQUEUE("queue_enqueue", "queue_prelude"),
    QUEUE_ENTRIES("queue_entries", "queue_prelude"),
    QUEUE_RELEASE("queue_release", null),
    QUEUE_REFRESH("queue_refresh", null),
    QUEUE_BREAK("queue_break", null),
    CLAIM("claim", null);

    final byte[] source;
    final byte[] sha;

    RedisScript(String file, String prelude) {
        try {
            source = ((prelude != null ? read(prelude) + "\n" : "") + read(file)).getBytes(StandardCharsets.UTF_8);
            String hex =
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source));
            sha = hex.getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(String name) {
        try (InputStream in = RedisScript.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
