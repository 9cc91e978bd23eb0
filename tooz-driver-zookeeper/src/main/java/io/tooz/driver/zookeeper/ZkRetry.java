package io.tooz.driver.zookeeper;

import java.util.concurrent.TimeUnit;
import org.apache.curator.RetryPolicy;
import org.apache.curator.RetrySleeper;

/**
 * Curator's retries bounded by time, not by count: a call retries (after 50 ms, doubling up to 1 s) while its {@link
 * ZkDeadline} leaves room for the sleep; Curator's own background operations, which run outside any call, while less
 * than the {@code timeout} option has passed since they began.
 */
final class ZkRetry implements RetryPolicy {
    private static final long BASE_SLEEP_MS = 50;
    private static final long MAX_SLEEP_MS = 1000;

    private final long budgetMs;

    ZkRetry(long budgetMs) {
        this.budgetMs = budgetMs;
    }

    @Override
    public boolean allowRetry(int retryCount, long elapsedTimeMs, RetrySleeper sleeper) {
        long sleepMs = Math.min(MAX_SLEEP_MS, BASE_SLEEP_MS << Math.min(retryCount, 5));
        long leftMs = TimeUnit.NANOSECONDS.toMillis(
                ZkDeadline.remainingNanos(TimeUnit.MILLISECONDS.toNanos(budgetMs - elapsedTimeMs)));
        if (leftMs <= sleepMs) {
            return false;
        }
        try {
            sleeper.sleepFor(sleepMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }
}
