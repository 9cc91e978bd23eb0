package io.tooz.internal.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedMemoTest {
    private final List<String> derived = new ArrayList<>();

    private final BoundedMemo<String, Integer> memo = new BoundedMemo<>(3, k -> {
        derived.add(k);
        if (k.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        return k.length();
    });

    @Test
    void derivesEachKeyOnceWhileWithinTheLimit() {
        assertThat(memo.get("a")).isEqualTo(1);
        assertThat(memo.get("bb")).isEqualTo(2);
        assertThat(memo.get("a")).isEqualTo(1);
        assertThat(memo.get("bb")).isEqualTo(2);
        assertThat(derived).containsExactly("a", "bb");
    }

    @Test
    void startsAfreshPastTheLimit() {
        List.of("a", "b", "c", "d").forEach(memo::get);
        memo.get("a");
        assertThat(derived).containsExactly("a", "b", "c", "d", "a");
    }

    @Test
    void aDerivationThatThrowsIsNotRemembered() {
        assertThatThrownBy(() -> memo.get("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> memo.get("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(derived).containsExactly("", "");
    }
}
