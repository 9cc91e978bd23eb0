package io.tooz.driver.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * This coordinator's wake-up channel: a release wakes exactly one waiter by publishing its token here, so waiting
 * costs no polling and no herd. Also carries "lost VALUE" when someone breaks a lock this coordinator holds.
 */
final class RedisWakeups implements RedisSubscriber.Listener {
    private final RedisDriver driver;
    private final String channel;
    private final Consumer<String> onBroken;
    private final AtomicLong tokens = new AtomicLong();
    private final Map<String, Waiter> waiters = new ConcurrentHashMap<>();
    private volatile boolean subscribed;

    RedisWakeups(RedisDriver driver, Consumer<String> onBroken) {
        this.driver = driver;
        this.channel = driver.keys().wakeChannel(driver.instance());
        this.onBroken = onBroken;
    }

    /** One waiting acquire. */
    final class Waiter implements AutoCloseable {
        final String token = Long.toString(tokens.incrementAndGet());
        /** What goes in the lock's waiter set: channel, space, token. */
        final String entry = channel + " " + token;

        private boolean woken;

        /** Waits until woken or {@code millis} pass; true if woken. */
        synchronized boolean await(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (!woken) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            woken = false;
            return true;
        }

        synchronized void wake() {
            woken = true;
            notifyAll();
        }

        @Override
        public void close() {
            waiters.remove(token);
        }
    }

    Waiter register() {
        ensureSubscribed();
        Waiter w = new Waiter();
        waiters.put(w.token, w);
        return w;
    }

    /** Subscribes to the channel once; needed before waiting, and to hear of broken locks. */
    void ensureSubscribed() {
        if (!subscribed) {
            synchronized (this) {
                if (!subscribed) {
                    driver.subscriber().subscribe(channel, this);
                    subscribed = true;
                }
            }
        }
    }

    @Override
    public void onMessage(String message) {
        if (message.startsWith("lost ")) {
            onBroken.accept(message.substring(5));
            return;
        }
        Waiter w = waiters.get(message);
        if (w != null) {
            w.wake();
        }
    }

    @Override
    public void onResubscribed() {
        waiters.values().forEach(Waiter::wake); // wake-ups may have been missed: everyone looks again
    }
}
