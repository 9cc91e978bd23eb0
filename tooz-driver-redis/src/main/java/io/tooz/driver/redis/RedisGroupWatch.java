package io.tooz.driver.redis;

import io.tooz.spi.DriverWatch;

/**
 * A group watch: a Java peer's change published on the group's channel, or a resubscription (messages may have been
 * missed), tells the core the group changed; the core reads it. Expiries and Python tooz's changes (it publishes
 * nothing) are the core's periodic re-read's to find.
 */
final class RedisGroupWatch implements DriverWatch.WatchHandle, RedisSubscriber.Listener {
    private final RedisDriver driver;
    private final String channel;
    private final DriverWatch.MembershipListener listener;

    RedisGroupWatch(RedisDriver driver, String groupId, DriverWatch.MembershipListener listener) {
        this.driver = driver;
        this.channel = driver.keys().groupChannel(groupId);
        this.listener = listener;
        driver.subscriber().subscribe(channel, this);
    }

    @Override
    public void onMessage(String message) {
        listener.changed();
    }

    @Override
    public void onResubscribed() {
        listener.changed();
    }

    @Override
    public void close() {
        RedisSubscriber s = driver.subscriber();
        if (s != null) {
            s.unsubscribe(channel, this);
        }
    }
}
