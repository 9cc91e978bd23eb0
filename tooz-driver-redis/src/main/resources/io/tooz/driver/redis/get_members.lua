-- Python tooz's get_members in one step: members whose beat key is gone are removed (except the caller), as
-- Python does. KEYS group hash; ARGV caller's member id, beat key prefix, event channel, '1' to return
-- capabilities. Returns -1 if the group is not created, else a flat list (member, capabilities or '', ...); without
-- capabilities asked for, those that are MessagePack b'' (Python tooz 8.1's default) are still returned, so that the
-- caller notices such members.
if redis.call('exists', KEYS[1]) == 0 then
    return -1
end
local all = redis.call('hgetall', KEYS[1])
local live = {}
local pruned = false
for i = 1, #all, 2 do
    local m = all[i]
    if m ~= '__created__' then
        if m == ARGV[1] or redis.call('exists', ARGV[2] .. m) == 1 then
            live[#live + 1] = m
            live[#live + 1] = (ARGV[4] == '1' or all[i + 1] == '\196\0') and all[i + 1] or ''
        else
            redis.call('hdel', KEYS[1], m)
            pruned = true
        end
    end
end
if pruned then
    redis.call('publish', ARGV[3], 'expired')
end
return live
