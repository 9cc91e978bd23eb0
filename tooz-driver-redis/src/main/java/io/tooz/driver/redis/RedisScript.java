package io.tooz.driver.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script from this package's resources, after {@code prelude.lua} (shared helpers), run by SHA-1 ({@code
 * EVALSHA}) and loaded on {@code NOSCRIPT}.
 */
enum RedisScript {
    CREATE_GROUP("create_group"),
    DELETE_GROUP("delete_group"),
    JOIN_GROUP("join_group"),
    LEAVE_GROUP("leave_group"),
    UPDATE_CAPABILITIES("update_capabilities"),
    GET_MEMBERS("get_members"),
    GET_CAPABILITIES("get_capabilities"),
    HEARTBEAT("heartbeat"),
    LOCK_ACQUIRE("lock_acquire"),
    LOCK_RELEASE("lock_release"),
    LOCK_REFRESH("lock_refresh"),
    LOCK_LEAVE_QUEUE("lock_leave_queue"),
    LOCK_BREAK("lock_break");

    final String file;
    final byte[] source;
    final byte[] sha;

    RedisScript(String file) {
        this.file = file;
        try {
            source = (read("prelude") + "\n" + read(file)).getBytes(StandardCharsets.UTF_8);
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
