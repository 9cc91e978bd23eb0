package io.tooz.driver.redis;

import io.tooz.GroupNotCreatedException;
import io.tooz.spi.DriverWatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group watch: re-reads the members whenever a Java peer publishes a change on the group's channel, and every
 * {@code watch_check_interval} as the safety net for expiries and for changes made by Python tooz (which publishes
 * nothing). Reads run on the driver's scheduler, one at a time, and hand snapshots to the core, which diffs them.
 */
final class RedisGroupWatch implements DriverWatch.WatchHandle, RedisSubscriber.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(RedisGroupWatch.class);

    private final RedisDriver driver;
    private final RedisGroups groups;
    private final String groupId;
    private final String channel;
    private final DriverWatch.MembershipListener listener;
    private final Consumer<RedisGroupWatch> onClose;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean closed;
    private volatile ScheduledFuture<?> periodic;
    private boolean gone;

    RedisGroupWatch(
            RedisDriver driver,
            RedisGroups groups,
            String groupId,
            DriverWatch.MembershipListener listener,
            Consumer<RedisGroupWatch> onClose) {
        this.driver = driver;
        this.groups = groups;
        this.groupId = groupId;
        this.channel = driver.keys().groupChannel(groupId);
        this.listener = listener;
        this.onClose = onClose;
    }

    void start() {
        driver.subscriber().subscribe(channel, this);
        long every = driver.settings().watchCheckInterval().toMillis();
        periodic =
                driver.context().scheduler().scheduleWithFixedDelay(this::request, every, every, TimeUnit.MILLISECONDS);
        request();
    }

    @Override
    public void onMessage(String message) {
        request();
    }

    @Override
    public void onResubscribed() {
        request();
    }

    private void request() {
        if (!closed && pending.compareAndSet(false, true)) {
            driver.context().scheduler().execute(this::read);
        }
    }

    private synchronized void read() {
        pending.set(false);
        if (closed) {
            return;
        }
        try {
            listener.onMembers(groups.getMemberIds(groupId));
            gone = false;
        } catch (GroupNotCreatedException e) {
            if (!gone) {
                gone = true;
                listener.onGroupGone();
            }
        } catch (RuntimeException e) {
            LOG.debug("reading watched group {} failed, retrying at the next check: {}", groupId, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> p = periodic;
        if (p != null) {
            p.cancel(false);
        }
        RedisSubscriber s = driver.subscriber();
        if (s != null) {
            s.unsubscribe(channel, this);
        }
        onClose.accept(this);
    }
}
