# Python tooz's lock acquire+release in timed slots, for tooz bench row (PythonLock.java): argv URL MEMBER LOCK.
# Prints READY once the coordinator has started and taken the lock once (else NO_TOOZ or FAILED and a reason), then
# answers each stdin line "run SECONDS" with "RATE OPS_PER_SECOND" after acquire(blocking) + release() back to back
# for that long; "quit" or end of input stops the coordinator.
import sys
import time

try:
    from tooz import coordination
except ImportError as e:
    print("NO_TOOZ", e, flush=True)
    sys.exit(0)

url, member, name = sys.argv[1:4]
try:
    if url.startswith("etcd3+http"):
        # Debian's python3-tooz 3.1.0 calls etcd3gw.client(..., api_path=...), which python3-etcd3gw 2.0.0's factory
        # function refuses (TypeError) while the client class it wraps accepts it: a packaging mismatch, so the
        # driver is given the class (as tooz-interop's peer.py does); the rest is tooz's own code.
        import tooz.drivers.etcd3gw as etcd3gw_driver
        from etcd3gw.client import Etcd3Client

        etcd3gw_driver.etcd3gw.client = lambda **kwargs: Etcd3Client(**kwargs)
    coordinator = coordination.get_coordinator(url, member.encode())
    coordinator.start(start_heart=True)
    lock = coordinator.get_lock(name.encode())
    if not lock.acquire(blocking=True):
        raise RuntimeError("acquire() answered False")
    lock.release()
except Exception as e:  # noqa: BLE001 -- any failure is reported, the Java side prints it
    print("FAILED", type(e).__name__, str(e).replace("\n", " "), flush=True)
    sys.exit(0)
print("READY", flush=True)
try:
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        seconds = float(words[1])
        n = 0
        t0 = time.perf_counter()
        end = t0 + seconds
        while True:
            if not lock.acquire(blocking=True):
                raise RuntimeError("acquire() answered False")
            lock.release()
            n += 1
            now = time.perf_counter()
            if now >= end:
                break
        print("RATE", n / (now - t0), flush=True)
except Exception as e:  # noqa: BLE001
    print("FAILED", type(e).__name__, str(e).replace("\n", " "), flush=True)
finally:
    coordinator.stop()
