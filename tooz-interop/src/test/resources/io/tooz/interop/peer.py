"""A Python tooz peer driven by the Java interop tests.

Reads one JSON command per line on stdin and writes one JSON line on stdout:
{"result": ...} or {"error": "<ExceptionClass>: message"}. Capabilities travel
in a tagged encoding so that bytes, str, None, lists and maps survive JSON:
bytes are {"b64": "..."}, maps are {"map": [[key, value], ...]}, everything
else is plain JSON. Member ids are bytes on the Python side (tooz 3.1.0's
convention) and ASCII strings in JSON. Lock commands take an optional
"bytes_name": true to pass the lock name to get_lock as UTF-8 bytes, as tooz
3.1.0's Redis driver is used with bytes names (its lock key then reads
b'<namespace>'_b'<name>'_lock) and its PostgreSQL and etcd3gw drivers need
them (the first hashes the name with md5, the second appends it to the bytes
b"/tooz/locks"; both refuse str). Group ids go to tooz as str unless
group_ids_as made them UTF-8 bytes (tooz's documented type); the *_typed
commands and id_types_seen report ids as [Python type name, text], so that the
Java tests see what type Python reads each id as.
"""
import base64
import json
import sys
import threading

from tooz import coordination
from tooz import hashring


def tag(value):
    if isinstance(value, bytes):
        return {"b64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        return {"map": [[tag(k), tag(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return [tag(v) for v in value]
    return value


def untag(value):
    if isinstance(value, dict):
        if "b64" in value:
            return base64.b64decode(value["b64"])
        return {untag(k): untag(v) for k, v in value["map"]}
    if isinstance(value, list):
        return [untag(v) for v in value]
    return value


def typed(value):
    """value with the Python type of each part, for asserting bytes vs str:
    ["bytes", "<text>"], ["str", "<text>"], ["int", 1], ["NoneType", null],
    ["set", [...sorted]], ["list", [...]], ["tuple", [...]],
    ["dict", [[key, value], ...]]; bytes that are not UTF-8 are
    backslash-escaped."""
    if isinstance(value, bytes):
        return ["bytes", value.decode("utf-8", "backslashreplace")]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted((typed(v) for v in value), key=json.dumps)]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [typed(v) for v in value]]
    if isinstance(value, dict):
        return ["dict", [[typed(k), typed(v)] for k, v in value.items()]]
    return [type(value).__name__, value]


def text(member_id):
    return member_id.decode("ascii") if isinstance(member_id, bytes) else member_id


def use_etcd3gw_client_class():
    """Lets Debian's tooz 3.1.0 etcd3gw driver create its client at all.

    A packaging mismatch between two Debian packages, not a change of tooz's
    behaviour: python3-tooz 3.1.0 calls etcd3gw.client(..., api_path=...),
    which the factory function of python3-etcd3gw 2.0.0 does not accept
    (TypeError), while the client class it wraps does. The driver is given the
    class instead; everything else is tooz's own code. The URL then passes
    api_version=v3, as tooz's default v3alpha gateway path is gone from etcd
    3.4.
    """
    import tooz.drivers.etcd3gw as driver
    from etcd3gw.client import Etcd3Client

    driver.etcd3gw.client = lambda **kwargs: Etcd3Client(**kwargs)


class Peer(object):
    def __init__(self):
        self.coord = None
        self.events = []
        self.locks = {}
        self.pending = {}
        self.partitioners = {}
        self.bytes_groups = False
        self.id_types = []

    def on_event(self, kind):
        def callback(event):
            self.events.append({"type": kind, "group": text(event.group_id), "member": text(event.member_id)})
            self.id_types.append([kind, typed(event.group_id), typed(event.member_id)])
        return callback

    def group(self, c):
        """The command's group id as tooz is given it: str, or UTF-8 bytes after group_ids_as bytes."""
        return c["group"].encode("utf-8") if self.bytes_groups else c["group"]

    def group_ids_as(self, c):
        """Passes group ids to tooz as "str" (the default) or "bytes" from now on."""
        self.bytes_groups = c["type"] == "bytes"
        return True

    def start(self, c):
        if c["url"].startswith("etcd3+http"):
            use_etcd3gw_client_class()
        self.coord = coordination.get_coordinator(c["url"], c["member"].encode("ascii"))
        self.coord.start()
        self.events, self.locks, self.pending, self.partitioners = [], {}, {}, {}
        self.id_types = []
        return True

    def typed_call(self, c):
        """Calls coordinator method c["method"] with c["args"] (tagged: a
        member id as bytes is {"b64": ...}) and returns typed() of what it
        returns (of its result's get() for a CoordinatorResult)."""
        result = getattr(self.coord, c["method"])(*untag(c.get("args", [])))
        return typed(result.get() if hasattr(result, "get") else result)

    def stop(self, c):
        self.coord.stop()
        return True

    def create_group(self, c):
        return self.coord.create_group(self.group(c)).get()

    def delete_group(self, c):
        return self.coord.delete_group(self.group(c)).get()

    def join_group(self, c):
        if "caps" in c:
            return self.coord.join_group(self.group(c), untag(c["caps"])).get()
        return self.coord.join_group(self.group(c)).get()

    def leave_group(self, c):
        return self.coord.leave_group(self.group(c)).get()

    def get_groups(self, c):
        return sorted(text(g) for g in self.coord.get_groups().get())

    def get_members(self, c):
        return sorted(text(m) for m in self.coord.get_members(self.group(c)).get())

    def get_groups_typed(self, c):
        return sorted(typed(g) for g in self.coord.get_groups().get())

    def get_members_typed(self, c):
        return sorted(typed(m) for m in self.coord.get_members(self.group(c)).get())

    def get_leader_typed(self, c):
        return typed(self.coord.get_leader(self.group(c)).get())

    def id_types_seen(self, c):
        """[kind, typed group id, typed member id] of each watcher event since the last call."""
        seen, self.id_types = self.id_types, []
        return seen

    def get_member_capabilities(self, c):
        group, member = self.group(c), c["member"].encode("ascii")
        return tag(self.coord.get_member_capabilities(group, member).get())

    def get_leader(self, c):
        return text(self.coord.get_leader(self.group(c)).get())

    def watch_join_group(self, c):
        self.coord.watch_join_group(self.group(c), self.on_event("join"))

    def watch_leave_group(self, c):
        self.coord.watch_leave_group(self.group(c), self.on_event("leave"))

    def watch_elected_as_leader(self, c):
        self.coord.watch_elected_as_leader(self.group(c), self.on_event("elected"))

    def run_watchers(self, c):
        self.coord.run_watchers()
        events, self.events = self.events, []
        return events

    def stand_down(self, c):
        return self.coord.stand_down_group_leader(self.group(c))

    def heartbeat(self, c):
        return self.coord.heartbeat()

    def lock(self, c):
        name, as_bytes = c["name"], bool(c.get("bytes_name"))
        if (name, as_bytes) not in self.locks:
            self.locks[name, as_bytes] = self.coord.get_lock(name.encode("utf-8") if as_bytes else name)
        return self.locks[name, as_bytes]

    def lock_acquire(self, c):
        return self.lock(c).acquire(blocking=c["blocking"])

    def lock_acquire_async(self, c):
        """Starts acquire(blocking=...) on a thread; lock_async_result reports its outcome."""
        lock, outcome = self.lock(c), {}

        def run():
            try:
                outcome["result"] = lock.acquire(blocking=c["blocking"])
            except Exception as e:
                outcome["error"] = "%s: %s" % (type(e).__name__, e)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        self.pending[c["name"]] = (thread, outcome)
        return True

    def lock_async_result(self, c):
        thread, outcome = self.pending[c["name"]]
        thread.join(c.get("wait", 0))
        return {"done": not thread.is_alive(), "acquired": outcome.get("result"), "error": outcome.get("error")}

    def lock_release(self, c):
        return self.lock(c).release()

    def join_partitioned_group(self, c):
        partitioner = self.coord.join_partitioned_group(self.group(c), weight=c["weight"])
        self.partitioners[self.group(c)] = partitioner
        return True

    def partition_members(self, c):
        return {text(m): w for m, w in self.partitioners[self.group(c)].ring.nodes.items()}

    def members_for_object(self, c):
        partitioner, replicas = self.partitioners[self.group(c)], c.get("replicas", 1)
        return [sorted(text(m) for m in partitioner.members_for_object(k, replicas=replicas)) for k in c["keys"]]

    def hashring_get_nodes(self, c):
        ring = hashring.HashRing([], partitions=c.get("partitions", 32))
        for node, weight in c["nodes"].items():
            ring.add_node(node, weight)
        ignore, replicas = c.get("ignore"), c.get("replicas", 1)
        return [sorted(ring.get_nodes(k.encode("utf-8"), ignore_nodes=ignore, replicas=replicas)) for k in c["keys"]]


def main():
    peer = Peer()
    stdin = open(sys.stdin.fileno(), "r", encoding="utf-8", closefd=False)
    for line in stdin:
        if not line.strip():
            continue
        try:
            command = json.loads(line)
            op = command["op"]
            if op.startswith("_") or not hasattr(peer, op):
                raise ValueError("unknown op %r" % op)
            reply = {"result": getattr(peer, op)(command)}
        except Exception as e:
            reply = {"error": "%s: %s" % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
