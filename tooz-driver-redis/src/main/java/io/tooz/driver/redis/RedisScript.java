package io.tooz.driver.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script from this package's resources, run by SHA-1 ({@code EVALSHA}) and loaded on {@code NOSCRIPT}. */
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
        try (InputStream in = RedisScript.class.getResourceAsStream(file + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + file + ".lua");
            }
            source = in.readAllBytes();
            String hex =
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source));
            sha = hex.getBytes(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
