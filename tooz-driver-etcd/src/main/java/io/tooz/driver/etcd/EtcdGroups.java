package io.tooz.driver.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.tooz.GroupAlreadyExistsException;
import io.tooz.GroupNotCreatedException;
import io.tooz.GroupNotEmptyException;
import io.tooz.MemberAlreadyExistsException;
import io.tooz.MemberNotJoinedException;
import io.tooz.spi.DriverGroups;
import io.tooz.spi.DriverWatch;
import io.tooz.spi.MemberRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups with Python tooz's keys and transactions. A join also rewrites the group key (same value), so deleting a
 * group can require that no join happened since it saw the group empty; Python's joins compare the group key's
 * version and retry, so they are unaffected.
 */
final class EtcdGroups implements DriverGroups, DriverWatch {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdGroups.class);
    private static final GetOption PREFIX = GetOption.builder().isPrefix(true).build();
    private static final GetOption PREFIX_KEYS =
            GetOption.builder().isPrefix(true).withKeysOnly(true).build();

    private final EtcdDriver driver;

    EtcdGroups(EtcdDriver driver) {
        this.driver = driver;
    }

    private EtcdClient client() {
        return driver.client();
    }

    @Override
    public void createGroup(String groupId) {
        ByteSequence key = EtcdKeys.group(groupId);
        TxnResponse r = client().call("creating group " + groupId, () -> client().kv()
                .txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(key, key, PutOption.DEFAULT))
                .commit());
        if (!r.isSucceeded()) {
            throw new GroupAlreadyExistsException(groupId);
        }
    }

    @Override
    public void deleteGroup(String groupId) {
        ByteSequence key = EtcdKeys.group(groupId);
        GetResponse all =
                client().call("reading group " + groupId, () -> client().kv().get(key, PREFIX_KEYS));
        KeyValue group = find(all, key);
        if (group == null) {
            throw new GroupNotCreatedException(groupId);
        }
        if (all.getKvs().size() > 1) {
            throw new GroupNotEmptyException(groupId);
        }
        TxnResponse r = client().call("deleting group " + groupId, () -> client().kv()
                .txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(group.getModRevision())))
                .Then(Op.delete(key, DeleteOption.builder().isPrefix(true).build()))
                .commit());
        if (!r.isSucceeded()) {
            deleteGroup(groupId); // someone joined, or deleted it, since we looked: look again
        }
    }

    @Override
    public Set<String> getGroups() {
        GetResponse r = client().call("listing groups", () -> client().kv().get(EtcdKeys.GROUPS_PREFIX, PREFIX_KEYS));
        Set<String> out = new TreeSet<>();
        for (KeyValue kv : r.getKvs()) {
            String g = EtcdKeys.groupOf(kv.getKey());
            if (g != null) {
                out.add(g);
            }
        }
        return out;
    }

    @Override
    public void joinGroup(String groupId, byte[] capabilities) {
        put(groupId, capabilities, false);
    }

    /**
     * Writes this member's key under the membership lease, if the group exists; {@code again}: it may already be
     * there (re-joining on a new lease, or updating capabilities).
     */
    private void put(String groupId, byte[] capabilities, boolean again) {
        ByteSequence group = EtcdKeys.group(groupId);
        ByteSequence member = EtcdKeys.member(groupId, driver.memberId());
        Cmp memberCheck = again
                ? new Cmp(member, Cmp.Op.GREATER, CmpTarget.version(-1))
                : new Cmp(member, Cmp.Op.EQUAL, CmpTarget.version(0));
        TxnResponse r = underMembershipLease(lease -> client().call("joining group " + groupId, () -> client().kv()
                .txn()
                .If(new Cmp(group, Cmp.Op.GREATER, CmpTarget.version(0)), memberCheck)
                .Then(
                        Op.put(member, ByteSequence.from(capabilities), leased(lease)),
                        Op.put(group, group, PutOption.DEFAULT))
                .Else(Op.get(group, GetOption.DEFAULT), Op.get(member, GetOption.DEFAULT))
                .commit()));
        if (r.isSucceeded()) {
            return;
        }
        if (r.getGetResponses().get(0).getKvs().isEmpty()) {
            throw new GroupNotCreatedException(groupId);
        }
        var mine = r.getGetResponses().get(1).getKvs();
        if (!mine.isEmpty()
                && mine.get(0).getLease() == driver.membershipLease().id()
                && !driver.context().joinedGroups().contains(groupId)) {
            return; // our own attempt, retried by the client after a lost answer
        }
        throw new MemberAlreadyExistsException(groupId, driver.memberId());
    }

    /**
     * Runs a write under the membership lease; if etcd answers that the lease is gone (heartbeats stopped past
     * {@code membership_timeout}), renews it (the core then joins this member's other groups again) and runs the write again.
     */
    private TxnResponse underMembershipLease(java.util.function.LongFunction<TxnResponse> write) {
        EtcdLease membership = driver.membershipLease();
        long generation = membership.generation();
        try {
            return write.apply(membership.id());
        } catch (io.tooz.ToozException e) {
            if (!EtcdLease.isLeaseNotFound(e)) {
                throw e;
            }
            driver.renewMembership(generation);
            return underMembershipLease(write);
        }
    }

    static PutOption leased(long lease) {
        return PutOption.builder().withLeaseId(lease).build();
    }

    @Override
    public void leaveGroup(String groupId) {
        ByteSequence group = EtcdKeys.group(groupId);
        ByteSequence member = EtcdKeys.member(groupId, driver.memberId());
        TxnResponse r = client().call("leaving group " + groupId, () -> client().kv()
                .txn()
                .If(new Cmp(member, Cmp.Op.GREATER, CmpTarget.version(0)))
                .Then(Op.delete(member, DeleteOption.DEFAULT))
                .Else(Op.get(group, GetOption.builder().withCountOnly(true).build()))
                .commit());
        if (!r.isSucceeded()) {
            if (r.getGetResponses().get(0).getCount() == 0) {
                throw new GroupNotCreatedException(groupId);
            }
            throw new MemberNotJoinedException(groupId, driver.memberId());
        }
    }

    @Override
    public Map<String, MemberRecord> getMembers(String groupId) {
        Map<String, MemberRecord> out = new LinkedHashMap<>();
        read(groupId, PREFIX).forEach((m, caps) -> out.put(m, new MemberRecord(caps)));
        return out;
    }

    /** The member keys alone, without their values. */
    @Override
    public Set<String> getMemberIds(String groupId) {
        return read(groupId, PREFIX_KEYS).keySet();
    }

    private Map<String, byte[]> read(String groupId, GetOption option) {
        ByteSequence key = EtcdKeys.group(groupId);
        GetResponse r = client().call("reading the members of group " + groupId, () -> client().kv()
                .get(key, option));
        return members(groupId, key, r);
    }

    /** The members in a prefix read of a group, or {@link GroupNotCreatedException} without its group key. */
    static Map<String, byte[]> members(String groupId, ByteSequence groupKey, GetResponse r) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        boolean found = false;
        for (KeyValue kv : r.getKvs()) {
            String m = EtcdKeys.memberOf(groupKey, kv.getKey());
            if (m == null) {
                found = true;
            } else {
                out.put(m, kv.getValue().getBytes());
            }
        }
        if (!found) {
            throw new GroupNotCreatedException(groupId);
        }
        return out;
    }

    private static KeyValue find(GetResponse r, ByteSequence key) {
        for (KeyValue kv : r.getKvs()) {
            if (kv.getKey().equals(key)) {
                return kv;
            }
        }
        return null;
    }

    @Override
    public void updateCapabilities(String groupId, byte[] capabilities) {
        ByteSequence group = EtcdKeys.group(groupId);
        ByteSequence member = EtcdKeys.member(groupId, driver.memberId());
        TxnResponse r = underMembershipLease(
                lease -> client().call("updating capabilities in group " + groupId, () -> client().kv()
                        .txn()
                        .If(new Cmp(member, Cmp.Op.GREATER, CmpTarget.version(0)))
                        .Then(Op.put(member, ByteSequence.from(capabilities), leased(lease)))
                        .Else(Op.get(
                                group, GetOption.builder().withCountOnly(true).build()))
                        .commit()));
        if (!r.isSucceeded()) {
            if (r.getGetResponses().get(0).getCount() == 0) {
                throw new GroupNotCreatedException(groupId);
            }
            throw new MemberNotJoinedException(groupId, driver.memberId());
        }
    }

    /** Writes this member's key again under the current membership lease, whatever is left of it. */
    @Override
    public void rejoinGroup(String groupId, byte[] capabilities) {
        put(groupId, capabilities, true);
    }

    /** A snapshot at a revision, then every event after it, in revision order ({@link EtcdGroupWatch}). */
    @Override
    public boolean exact() {
        return true;
    }

    @Override
    public WatchHandle watchMembers(String groupId, MembershipListener listener) {
        EtcdGroupWatch w = new EtcdGroupWatch(driver, groupId, listener);
        w.start();
        return w;
    }
}
