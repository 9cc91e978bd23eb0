package io.tooz.driver.zookeeper;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.data.Stat;

/**
 * The answers to {@code n} asynchronous requests sent back to back (pipelined), each with its index as context. The
 * client answers every request, with {@code CONNECTIONLOSS} if the connection drops, so waiting ends.
 */
final class ZkBatch
        implements AsyncCallback.Create2Callback,
                AsyncCallback.StatCallback,
                AsyncCallback.DataCallback,
                AsyncCallback.VoidCallback,
                AsyncCallback.ChildrenCallback {
    private final int[] codes;
    private final String[] paths;
    private final Stat[] stats;
    private final byte[][] data;
    private final Object[] children;
    private final CountDownLatch done;

    ZkBatch(int n) {
        codes = new int[n];
        paths = new String[n];
        stats = new Stat[n];
        data = new byte[n][];
        children = new Object[n];
        done = new CountDownLatch(n);
    }

    private void answer(Object ctx, int rc, String path, Stat stat) {
        int i = (Integer) ctx;
        codes[i] = rc;
        paths[i] = path;
        stats[i] = stat;
        done.countDown(); // publishes the writes above to the awaiting thread
    }

    @Override
    public void processResult(int rc, String path, Object ctx, String name, Stat stat) {
        answer(ctx, rc, path, stat);
    }

    @Override
    public void processResult(int rc, String path, Object ctx, Stat stat) {
        answer(ctx, rc, path, stat);
    }

    @Override
    public void processResult(int rc, String path, Object ctx, byte[] bytes, Stat stat) {
        data[(Integer) ctx] = bytes;
        answer(ctx, rc, path, stat);
    }

    @Override
    public void processResult(int rc, String path, Object ctx) {
        answer(ctx, rc, path, null);
    }

    @Override
    public void processResult(int rc, String path, Object ctx, List<String> kids) {
        children[(Integer) ctx] = kids;
        answer(ctx, rc, path, null);
    }

    void await(long timeoutMs) throws InterruptedException, KeeperException {
        if (!done.await(timeoutMs, TimeUnit.MILLISECONDS)) {
            throw new KeeperException.OperationTimeoutException();
        }
    }

    /** The answer of request {@code i}: OK or one of {@code expected}; any other code is thrown. */
    Code check(int i, Code... expected) throws KeeperException {
        Code rc = Code.get(codes[i]);
        if (rc != Code.OK && !Arrays.asList(expected).contains(rc)) {
            throw KeeperException.create(rc, paths[i]);
        }
        return rc;
    }

    /** The node's stat after request {@code i} (a create, setData or getData that succeeded). */
    Stat stat(int i) {
        return stats[i];
    }

    byte[] data(int i) {
        return data[i];
    }

    @SuppressWarnings("unchecked")
    List<String> children(int i) {
        return (List<String>) children[i];
    }
}
