package io.tooz.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** One shared timer thread for every coordinator's periodic ticks; ticks only hand work to serial executors. */
final class Timer {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Timer() {}

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t =
                (ScheduledThreadPoolExecutor) Executors.newScheduledThreadPool(1, Threads.named("tooz-timer"));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    static ScheduledFuture<?> after(long millis, Runnable tick) {
        return TIMER.schedule(tick, millis, TimeUnit.MILLISECONDS);
    }

    static ScheduledFuture<?> every(long millis, Runnable tick) {
        return TIMER.scheduleWithFixedDelay(tick, millis, millis, TimeUnit.MILLISECONDS);
    }
}
