package io.tooz.interop;

/**
 * One lock of a Python peer, named as peer.py's lock commands take it: {@code bytesName} passes the name to tooz's
 * {@code get_lock} as UTF-8 bytes instead of str.
 */
record PythonLock(PythonPeer py, String name, boolean bytesName) {
    /** {@code acquire(blocking=...)}: true, false, or a timeout in seconds; returns what Python returned. */
    Object acquire(Object blocking) {
        return py.call("lock_acquire", "name", name, "bytes_name", bytesName, "blocking", blocking);
    }

    /** {@code acquire(blocking=...)}, which must raise; returns Python's {@code "<ExceptionClass>: message"}. */
    String acquireFailing(Object blocking) {
        return py.callFailing("lock_acquire", "name", name, "bytes_name", bytesName, "blocking", blocking);
    }

    /** Starts {@code acquire(blocking=...)} on a Python thread; {@link #asyncResult} reports how it ended. */
    void acquireAsync(Object blocking) {
        py.call("lock_acquire_async", "name", name, "bytes_name", bytesName, "blocking", blocking);
    }

    /** peer.py's lock_async_result after waiting up to {@code seconds} for the started acquire to end. */
    Object asyncResult(double seconds) {
        return py.call("lock_async_result", "name", name, "wait", seconds);
    }

    Object release() {
        return py.call("lock_release", "name", name, "bytes_name", bytesName);
    }
}
