package io.tooz.driver.redis;

import static io.tooz.driver.redis.RedisCommands.bytes;
import static io.tooz.driver.redis.RedisCommands.number;
import static io.tooz.driver.redis.RedisCommands.text;

import io.tooz.ToozException;
import io.tooz.spi.DriverClaims;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Protocol;

/**
 * The periodic scheduler's claims: one key per (namespace, period, task) holding {@code <token>:<holder>} with the
 * claim's TTL, so Redis expires them itself; a batch is one script that also draws the tokens from the namespace's
 * counter. Periods are aligned on the server's {@code TIME}.
 */
final class RedisClaims implements DriverClaims {
    private final RedisDriver driver;
    private final RedisKeys keys;
    private final AtomicLong requests = new AtomicLong();

    RedisClaims(RedisDriver driver) {
        this.driver = driver;
        this.keys = driver.keys();
    }

    @Override
    public Map<String, Long> claim(
            String namespace, long periodStartMillis, List<String> tasks, String holder, Duration ttl) {
        Map<String, Long> claimed = new LinkedHashMap<>();
        if (tasks.isEmpty()) {
            return claimed;
        }
        List<byte[]> k = new ArrayList<>(tasks.size() + 1);
        k.add(bytes(keys.claimTokens(namespace)));
        for (String task : tasks) {
            k.add(bytes(keys.claim(namespace, periodStartMillis, task)));
        }
        long millis = Math.max(1, ttl.toMillis() + (ttl.toNanosPart() % 1_000_000 > 0 ? 1 : 0));
        requests.incrementAndGet();
        Object reply = driver.commands()
                .script(
                        RedisScript.CLAIM,
                        "claiming " + tasks.size() + " task(s) of '" + namespace + "' for period " + periodStartMillis,
                        k,
                        List.of(bytes(holder), bytes(Long.toString(millis))));
        List<?> made = (List<?>) reply;
        for (int i = 0; i < made.size(); i += 2) {
            claimed.put(tasks.get((int) number(made.get(i)) - 1), number(made.get(i + 1)));
        }
        return claimed;
    }

    @Override
    public Optional<Claim> read(String namespace, long periodStartMillis, String task) {
        String key = keys.claim(namespace, periodStartMillis, task);
        requests.incrementAndGet();
        byte[] value = driver.commands().call("reading the claim " + key, r -> r.get(bytes(key)));
        if (value == null) {
            return Optional.empty();
        }
        String v = text(value);
        int colon = v.indexOf(':');
        try {
            return Optional.of(new Claim(v.substring(colon + 1), Long.parseLong(v.substring(0, colon))));
        } catch (RuntimeException e) {
            throw new ToozException("Redis at " + driver.settings().address() + " holds '" + v + "' at claim key " + key
                    + ", not '<token>:<holder>'");
        }
    }

    /** Redis expires claims by their TTL. */
    @Override
    public void sweep(String namespace, long beforeMillis) {}

    @Override
    public OptionalLong currentTimeMillis() {
        requests.incrementAndGet();
        List<?> time = driver.commands()
                .call("reading the server's clock", r -> (List<?>) r.sendCommand(Protocol.Command.TIME));
        long seconds = Long.parseLong(text((byte[]) time.get(0)));
        long micros = Long.parseLong(text((byte[]) time.get(1)));
        return OptionalLong.of(seconds * 1000 + micros / 1000);
    }

    @Override
    public long requests() {
        return requests.get();
    }
}
