"""Python tooz's file lock: one client's acquire() + release() loop, for scripts/file-lock-vs-python.sh.

Usage: /usr/bin/python3 -I file_lock_loop.py DIR LOCK_NAME SECONDS WARMUP_SECONDS
Warms up, then prints the acquire+release pairs per second of the measured span, and per second of the process's
CPU time (user + system) in that span.
"""
import os
import sys
import time

from tooz import coordination


def loop(lock, seconds):
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        for _ in range(100):
            lock.acquire()
            lock.release()
        n += 100
    return n


def main():
    directory, name, seconds, warmup = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    c = coordination.get_coordinator("file://" + directory, ("py-loop-%d" % os.getpid()).encode())
    c.start()
    try:
        lock = c.get_lock(name.encode())
        loop(lock, warmup)
        started, cpu = time.monotonic(), time.process_time()
        n = loop(lock, seconds)
        print("%.0f %.0f" % (n / (time.monotonic() - started), n / (time.process_time() - cpu)))
    finally:
        c.stop()


if __name__ == "__main__":
    main()
