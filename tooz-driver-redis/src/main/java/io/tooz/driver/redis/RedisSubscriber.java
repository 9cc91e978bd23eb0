package io.tooz.driver.redis;

import io.tooz.ToozConnectionException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

/**
 * One pub/sub connection per coordinator, on its own thread, started on first use. It re-subscribes after a lost
 * connection and then tells every listener, since messages published meanwhile are lost.
 */
final class RedisSubscriber implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSubscriber.class);

    /** Receives one channel's messages. */
    interface Listener {
        void onMessage(String message);

        /** The connection was re-established; messages may have been missed. */
        void onResubscribed();
    }

    private final RedisSettings settings;
    private final RedisCommands commands;
    private final String threadName;
    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private volatile Handler current;
    private volatile Jedis connection;
    private volatile boolean closed;
    private Thread thread;

    RedisSubscriber(RedisSettings settings, RedisCommands commands, String threadName) {
        this.settings = settings;
        this.commands = commands;
        this.threadName = threadName;
    }

    /** Subscribes and returns once the server confirmed, so no later message is missed. */
    void subscribe(String channel, Listener listener) {
        boolean first;
        synchronized (this) {
            List<Listener> list = listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
            first = list.isEmpty();
            list.add(listener);
            if (thread == null) {
                thread = new Thread(this::run, threadName);
                thread.setDaemon(true);
                thread.start();
            } else if (first && current != null) {
                try {
                    current.subscribe(RedisCommands.bytes(channel));
                } catch (RuntimeException e) {
                    // the connection broke: the loop reconnects and subscribes to every channel in the map
                }
            }
        }
        awaitActive(channel);
    }

    void unsubscribe(String channel, Listener listener) {
        synchronized (this) {
            List<Listener> list = listeners.get(channel);
            if (list == null || !list.remove(listener) || !list.isEmpty()) {
                return;
            }
            listeners.remove(channel);
            synchronized (active) {
                active.remove(channel); // a subscribe from now on waits for its own confirmation
            }
            Handler h = current;
            if (h != null) {
                try {
                    h.unsubscribe(RedisCommands.bytes(channel));
                } catch (RuntimeException e) {
                    // gone with the connection
                }
            }
        }
    }

    private void awaitActive(String channel) {
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos() + 1_000_000_000L;
        synchronized (active) {
            while (!active.contains(channel)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ToozConnectionException("cannot subscribe to Redis channel " + channel + " at "
                            + settings.address() + ": no confirmation within "
                            + (settings.connectTimeout().toMillis() + 1000) + " ms (option socket_connect_timeout,"
                            + " plus 1 s); is the server reachable from here, and not overloaded? The log says why the"
                            + " subscription connection failed");
                }
                try {
                    active.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ToozConnectionException("interrupted while subscribing to " + channel, e);
                }
            }
        }
    }

    private void run() {
        boolean reconnect = false;
        long backoffMs = 50;
        while (!closed) {
            byte[][] channels;
            Handler h = new Handler();
            synchronized (this) {
                channels = listeners.keySet().stream().map(RedisCommands::bytes).toArray(byte[][]::new);
                if (channels.length == 0) {
                    thread = null; // nothing to listen to: the next subscribe starts a new loop
                    return;
                }
                current = h;
            }
            try (Jedis jedis = new Jedis(commands.sockets(), commands.config())) {
                connection = jedis;
                if (reconnect) {
                    h.notifyOnSubscribe = true;
                }
                jedis.subscribe(h, channels);
                backoffMs = 50;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("Redis pub/sub connection to {} failed, reconnecting: {}", settings.address(), e.toString());
            } finally {
                connection = null;
                synchronized (active) {
                    active.clear();
                }
            }
            reconnect = true;
            sleep(backoffMs);
            backoffMs = Math.min(1000, backoffMs * 2);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Jedis c = connection;
        if (c != null) {
            try {
                c.getConnection().close();
            } catch (RuntimeException e) {
                // closing anyway
            }
        }
    }

    private final class Handler extends BinaryJedisPubSub {
        volatile boolean notifyOnSubscribe;

        @Override
        public void onMessage(byte[] channel, byte[] message) {
            List<Listener> list = listeners.get(RedisCommands.text(channel));
            if (list != null) {
                String m = RedisCommands.text(message);
                for (Listener l : list) {
                    try {
                        l.onMessage(m);
                    } catch (RuntimeException e) {
                        LOG.warn("Redis channel listener failed: {}", e.toString());
                    }
                }
            }
        }

        @Override
        public void onSubscribe(byte[] channel, int count) {
            String name = RedisCommands.text(channel);
            synchronized (active) {
                active.add(name);
                active.notifyAll();
            }
            if (notifyOnSubscribe) {
                List<Listener> list = listeners.get(name);
                if (list != null) {
                    list.forEach(Listener::onResubscribed);
                }
            }
        }

        @Override
        public void onUnsubscribe(byte[] channel, int count) {
            synchronized (active) {
                active.remove(RedisCommands.text(channel));
            }
        }
    }
}
