package io.tooz.driver.redis;

import static io.tooz.driver.redis.RedisCommands.bytes;
import static io.tooz.driver.redis.RedisCommands.number;
import static io.tooz.driver.redis.RedisCommands.text;

import io.tooz.GroupAlreadyExistsException;
import io.tooz.GroupNotCreatedException;
import io.tooz.GroupNotEmptyException;
import io.tooz.MemberAlreadyExistsException;
import io.tooz.MemberNotJoinedException;
import io.tooz.ToozException;
import io.tooz.spi.DriverGroups;
import io.tooz.spi.DriverWatch;
import io.tooz.spi.MemberRecord;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Groups where Python tooz keeps them: a set of group ids, a hash per group ({@code __created__} plus member to
 * capabilities) and a liveness key per member. Every check-and-change is one Lua script, the same effect as Python's
 * {@code WATCH}/{@code MULTI} transactions in one round trip; each change is also published for Java watchers.
 */
final class RedisGroups implements DriverGroups, DriverWatch {
    /** MessagePack {@code b''}: what Python tooz 8.1 and earlier store for a member that joined without capabilities. */
    private static final byte[] PYTHON_81_DEFAULT_CAPABILITIES = {(byte) 0xc4, 0};

    private final RedisDriver driver;
    private final RedisKeys keys;

    RedisGroups(RedisDriver driver) {
        this.driver = driver;
        this.keys = driver.keys();
    }

    private Object run(RedisScript script, String what, List<String> k, List<byte[]> args) {
        return driver.commands()
                .script(script, what, k.stream().map(RedisCommands::bytes).toList(), args);
    }

    @Override
    public void createGroup(String groupId) {
        Object r = run(
                RedisScript.CREATE_GROUP,
                "creating group " + groupId,
                List.of(keys.group(groupId), keys.groups()),
                List.of(bytes(groupId)));
        if (number(r) == 0) {
            throw new GroupAlreadyExistsException(groupId);
        }
    }

    @Override
    public void deleteGroup(String groupId) {
        long r = number(run(
                RedisScript.DELETE_GROUP,
                "deleting group " + groupId,
                List.of(keys.group(groupId), keys.groups()),
                List.of(bytes(groupId), bytes(keys.beatPrefix()), bytes(keys.groupChannel(groupId)))));
        if (r == -1 || r == -2) {
            throw new GroupNotCreatedException(groupId);
        }
        if (r == -3) {
            throw new GroupNotEmptyException(groupId);
        }
        if (r == -4) {
            throw new ToozException("group " + groupId + " could not be removed from " + keys.groups());
        }
    }

    @Override
    public Set<String> getGroups() {
        Set<byte[]> ids = driver.commands().call("listing groups", r -> r.smembers(bytes(keys.groups())));
        Set<String> out = new TreeSet<>();
        ids.forEach(b -> out.add(text(b)));
        return out;
    }

    @Override
    public void joinGroup(String groupId, byte[] capabilities) {
        long r = join(groupId, capabilities, "joining group " + groupId);
        if (r == -1) {
            throw new GroupNotCreatedException(groupId);
        }
        if (r == 0) {
            throw new MemberAlreadyExistsException(groupId, driver.memberId());
        }
    }

    /** The join script: -1 group not created, 0 already a live member, 1 joined (also refreshes our liveness key). */
    private long join(String groupId, byte[] capabilities, String what) {
        return number(run(
                RedisScript.JOIN_GROUP,
                what,
                List.of(keys.group(groupId), keys.beat(driver.memberId())),
                List.of(
                        bytes(driver.memberId()),
                        capabilities,
                        driver.membershipMillis(),
                        bytes(keys.groupChannel(groupId)))));
    }

    @Override
    public void leaveGroup(String groupId) {
        long r = number(run(
                RedisScript.LEAVE_GROUP,
                "leaving group " + groupId,
                List.of(keys.group(groupId)),
                List.of(bytes(driver.memberId()), bytes(keys.groupChannel(groupId)))));
        if (r == -1) {
            throw new GroupNotCreatedException(groupId);
        }
        if (r == 0) {
            throw new MemberNotJoinedException(groupId, driver.memberId());
        }
    }

    @Override
    public Map<String, MemberRecord> getMembers(String groupId) {
        Map<String, MemberRecord> out = new LinkedHashMap<>();
        members(groupId, true).forEach((m, caps) -> out.put(m, new MemberRecord(caps)));
        return out;
    }

    /** The ids alone: the same script, without the capabilities. */
    @Override
    public Set<String> getMemberIds(String groupId) {
        return new TreeSet<>(members(groupId, false).keySet());
    }

    /**
     * The live members (pruning dead ones as Python does); {@code null} capabilities unless asked for. A member with
     * Python tooz 8.1's default capabilities ({@code b''}) may be worth a {@link LockKeyFormatWarning}.
     */
    Map<String, byte[]> members(String groupId, boolean withCapabilities) {
        Object r = run(
                RedisScript.GET_MEMBERS,
                "reading the members of group " + groupId,
                List.of(keys.group(groupId)),
                List.of(
                        bytes(driver.memberId()),
                        bytes(keys.beatPrefix()),
                        bytes(keys.groupChannel(groupId)),
                        bytes(withCapabilities ? "1" : "0")));
        if (r instanceof Number) {
            throw new GroupNotCreatedException(groupId);
        }
        List<?> flat = (List<?>) r;
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            String member = text((byte[]) flat.get(i));
            byte[] capabilities = (byte[]) flat.get(i + 1);
            if (Arrays.equals(capabilities, PYTHON_81_DEFAULT_CAPABILITIES)) {
                driver.lockKeyFormatWarning().python81Member(groupId, member);
            }
            out.put(member, withCapabilities ? capabilities : null);
        }
        return out;
    }

    /** The member's capabilities as Python reads them: its field, live or not yet pruned. */
    @Override
    public MemberRecord getMember(String groupId, String memberId) {
        Object r = run(
                RedisScript.GET_CAPABILITIES,
                "reading the capabilities of " + memberId + " in group " + groupId,
                List.of(keys.group(groupId)),
                List.of(bytes(memberId)));
        if (r instanceof Number n) {
            if (n.longValue() == -1) {
                throw new GroupNotCreatedException(groupId);
            }
            throw new MemberNotJoinedException(groupId, memberId);
        }
        return new MemberRecord((byte[]) r);
    }

    @Override
    public void updateCapabilities(String groupId, byte[] capabilities) {
        long r = number(run(
                RedisScript.UPDATE_CAPABILITIES,
                "updating capabilities in group " + groupId,
                List.of(keys.group(groupId)),
                List.of(bytes(driver.memberId()), capabilities, bytes(keys.groupChannel(groupId)))));
        if (r == -1) {
            throw new GroupNotCreatedException(groupId);
        }
        if (r == -2) {
            throw new MemberNotJoinedException(groupId, driver.memberId());
        }
    }

    @Override
    public WatchHandle watchMembers(String groupId, MembershipListener listener) {
        return new RedisGroupWatch(driver, groupId, listener);
    }
}
