package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.spi.ClaimLedgers;
import io.tooz.spi.DriverClaims;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The claim ledger behind the periodic scheduler ({@link io.tooz.Feature#PERIODIC_TASKS}): a claim on {@code (task,
 * period)} is made once, by one holder, with a fencing token from the backend that rises; claims live at least their
 * TTL and then go (by themselves or by a sweep); any task name the core accepts is stored.
 */
@Needs(features = Feature.PERIODIC_TASKS)
public interface ClaimContract extends ContractSupport {

    /** The claim facet of a coordinator of this driver. */
    static DriverClaims claims(Coordinator c) {
        return ClaimLedgers.of(c);
    }

    private static List<String> tasks(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    @Test
    default void aClaimIsMadeOnceAndReadBack() {
        String ns = randomGroupId();
        Coordinator a = newCoordinator();
        Coordinator b = newCoordinator();
        long period = 1_000_000L;
        Duration ttl = Duration.ofSeconds(30);

        Map<String, Long> first = claims(a).claim(ns, period, List.of("t1", "t2"), a.memberId(), ttl);
        assertThat(first).containsOnlyKeys("t1", "t2");
        assertThat(claims(a).claim(ns, period, List.of("t1"), a.memberId(), ttl))
                .as("the same holder cannot claim twice either")
                .isEmpty();
        Map<String, Long> second = claims(b).claim(ns, period, List.of("t1", "t2", "t3"), b.memberId(), ttl);
        assertThat(second).as("only the unclaimed task").containsOnlyKeys("t3");

        assertThat(claims(b).read(ns, period, "t1")).contains(new DriverClaims.Claim(a.memberId(), first.get("t1")));
        assertThat(claims(a).read(ns, period, "t3")).contains(new DriverClaims.Claim(b.memberId(), second.get("t3")));
        assertThat(claims(a).read(ns, period, "t4")).isEmpty();
        assertThat(claims(a).read(ns, period + 1, "t1")).as("another period").isEmpty();
        assertThat(claims(a).read(ns + "-x", period, "t1"))
                .as("another namespace")
                .isEmpty();
        assertThat(claims(a).claim(ns, period + 1, List.of("t1"), a.memberId(), ttl))
                .as("the next period is a new claim")
                .containsOnlyKeys("t1");
    }

    @Test
    default void tokensRiseAcrossClaimsAndHolders() {
        String ns = randomGroupId();
        Coordinator a = newCoordinator();
        Coordinator b = newCoordinator();
        Duration ttl = Duration.ofSeconds(30);
        long last = Long.MIN_VALUE;
        for (int p = 0; p < 6; p++) {
            Coordinator c = p % 2 == 0 ? a : b;
            Map<String, Long> got = claims(c).claim(ns, 1000L * p, List.of("x", "y", "z"), c.memberId(), ttl);
            assertThat(got).containsOnlyKeys("x", "y", "z");
            long min = Collections.min(got.values());
            assertThat(min)
                    .as("period %d: tokens above every earlier claim's", p)
                    .isGreaterThan(last);
            assertThat(new ArrayList<>(got.values())).doesNotHaveDuplicates();
            last = Collections.max(got.values());
        }
    }

    @Test
    default void concurrentClaimersSplitTheTasksWithoutOverlap() throws Exception {
        String ns = randomGroupId();
        List<String> all = tasks("task-", 200);
        List<Coordinator> claimers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            claimers.add(newCoordinator());
        }
        List<CompletableFuture<Map<String, Long>>> results = new ArrayList<>();
        for (Coordinator c : claimers) {
            List<String> mine = new ArrayList<>(all);
            Collections.shuffle(mine);
            results.add(CompletableFuture.supplyAsync(
                    () -> claims(c).claim(ns, 42_000L, mine, c.memberId(), Duration.ofSeconds(30))));
        }
        Map<String, Long> union = new HashMap<>();
        for (CompletableFuture<Map<String, Long>> r : results) {
            for (Map.Entry<String, Long> e : r.get().entrySet()) {
                assertThat(union.put(e.getKey(), e.getValue()))
                        .as("%s claimed twice", e.getKey())
                        .isNull();
            }
        }
        assertThat(union).containsOnlyKeys(all);
        assertThat(new ArrayList<>(union.values())).doesNotHaveDuplicates();
    }

    @Test
    default void anyNameTheCoreAcceptsIsATaskOrNamespace() {
        String ns = randomGroupId() + "/ü ?%*\\";
        Coordinator a = newCoordinator();
        List<String> odd = List.of(
                "a/b/c", "../up", "ü-ñ-日本", "with space", "%2F", "*", ".", "x".repeat(255), "日".repeat(85), "a\\b");
        Map<String, Long> got = claims(a).claim(ns, 7_000L, odd, a.memberId(), Duration.ofSeconds(30));
        assertThat(got).containsOnlyKeys(odd);
        for (String t : odd) {
            assertThat(claims(a).read(ns, 7_000L, t)).as(t).isPresent();
        }
        assertThat(claims(a).claim(ns, 7_000L, odd, a.memberId(), Duration.ofSeconds(30)))
                .isEmpty();
    }

    @Test
    default void claimsGoAfterTheirTtl() {
        String ns = randomGroupId();
        Coordinator a = newCoordinator();
        Coordinator b = newCoordinator();
        long period = System.currentTimeMillis() - 60_000;
        assertThat(claims(a).claim(ns, period, List.of("gone"), a.memberId(), Duration.ofSeconds(1)))
                .containsOnlyKeys("gone");
        Map<String, Long> kept =
                claims(a).claim(ns, period + 120_000, List.of("kept"), a.memberId(), Duration.ofMinutes(5));
        assertThat(kept).containsOnlyKeys("kept");
        await(expiryTimeout()).untilAsserted(() -> {
            claims(b).sweep(ns, period + 1);
            assertThat(claims(b).read(ns, period, "gone")).isEmpty();
        });
        assertThat(claims(b).read(ns, period + 120_000, "kept"))
                .as("a younger period survives the sweep")
                .isPresent();
        assertThat(claims(b).claim(ns, period, List.of("gone"), b.memberId(), Duration.ofSeconds(30)))
                .as("an expired claim can be made again")
                .containsOnlyKeys("gone");
    }

    @Test
    default void aLargeBatchIsClaimedAndCounted() {
        String ns = randomGroupId();
        Coordinator a = newCoordinator();
        Coordinator b = newCoordinator();
        List<String> many = tasks("bulk-", 2_000);
        long before = claims(a).requests();
        Map<String, Long> got = claims(a).claim(ns, 9_000L, many, a.memberId(), Duration.ofSeconds(30));
        assertThat(got).hasSize(2_000);
        assertThat(claims(a).requests()).as("requests are counted").isGreaterThan(before);
        assertThat(claims(b).claim(ns, 9_000L, many, b.memberId(), Duration.ofSeconds(30)))
                .isEmpty();
    }

    @Test
    default void theBackendClockIsReadWhereTheBackendHasOne() {
        Coordinator a = newCoordinator();
        OptionalLong backend = claims(a).currentTimeMillis();
        assertThat(backend.isPresent())
                .as("backend clock offered")
                .isEqualTo(Declaration.required(getClass()).clock());
        if (backend.isPresent()) {
            long before = System.currentTimeMillis();
            long read = claims(a).currentTimeMillis().getAsLong();
            assertThat(read)
                    .as("backend clock (same host) within 2 s of ours")
                    .isBetween(before - 2_000, System.currentTimeMillis() + 2_000);
        }
    }
}
