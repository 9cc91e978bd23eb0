package io.tooz.driver.redis;

import java.util.function.Predicate;

/**
 * Runs an action when a message that concerns it arrives on a channel, and after a resubscription (messages may have
 * been missed meanwhile): the push behind {@code watchHolder} (any message on a lock's holder channel) and {@code
 * watchRemoval} (an entry's sequence number, or {@code *}, on its queue's channel). Subscribes when made, so nothing
 * published after the constructor returns is missed.
 */
final class RedisChannelWatch implements AutoCloseable, RedisSubscriber.Listener {
    private final RedisSubscriber subscriber;
    private final String channel;
    private final Predicate<String> concerns;
    private final Runnable action;

    RedisChannelWatch(RedisSubscriber subscriber, String channel, Predicate<String> concerns, Runnable action) {
        this.subscriber = subscriber;
        this.channel = channel;
        this.concerns = concerns;
        this.action = action;
        subscriber.subscribe(channel, this);
    }

    @Override
    public void onMessage(String message) {
        if (concerns.test(message)) {
            action.run();
        }
    }

    @Override
    public void onResubscribed() {
        action.run();
    }

    @Override
    public void close() {
        subscriber.unsubscribe(channel, this);
    }
}
