package io.tooz.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where asynchronous acquisitions do their backend calls: a shared pool whose threads exist only while a call runs
 * (idle ones end after a few seconds), so a waiting {@code acquireAsync} holds no thread between attempts.
 */
final class AsyncIo {
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(
            0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), Threads.named("tooz-async"));

    private AsyncIo() {}

    static Executor executor() {
        return POOL;
    }
}
