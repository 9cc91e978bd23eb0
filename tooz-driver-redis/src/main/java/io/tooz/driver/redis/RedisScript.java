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
 * waiters), run by SHA-1 ({@code EVALSHA}) and loaded on {@code NOSCRIPT}.
 */
enum RedisScript {
    CREATE_GROUP("create_group", false),
    DELETE_GROUP("delete_group", false),
    JOIN_GROUP("join_group", false),
    LEAVE_GROUP("leave_group", false),
    UPDATE_CAPABILITIES("update_capabilities", false),
    GET_MEMBERS("get_members", false),
    GET_CAPABILITIES("get_capabilities", false),
    HEARTBEAT("heartbeat", false),
    LOCK_ACQUIRE("lock_acquire", false),
    LOCK_RELEASE("lock_release", true),
    LOCK_REFRESH("lock_refresh", false),
    LOCK_LEAVE_QUEUE("lock_leave_queue", true),
    LOCK_BREAK("lock_break", true),
    CLAIM("claim", false);

    final byte[] source;
    final byte[] sha;

    RedisScript(String file, boolean wakesWaiters) {
        try {
            source = ((wakesWaiters ? read("prelude") + "\n" : "") + read(file)).getBytes(StandardCharsets.UTF_8);
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
