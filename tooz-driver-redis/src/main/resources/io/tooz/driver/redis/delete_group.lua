-- Python tooz's delete_group, after pruning members whose beat key is gone (Python counts them and reports
-- GroupNotEmpty forever). KEYS group hash, groups set; ARGV group id, beat key prefix, event channel.
-- -1/-2: not created, -3: not empty, -4: set removal failed, 1: deleted.
if redis.call('exists', KEYS[1]) == 0 then
    return -1
end
if redis.call('sismember', KEYS[2], ARGV[1]) == 0 then
    return -2
end
for _, m in ipairs(redis.call('hkeys', KEYS[1])) do
    if m ~= '__created__' and redis.call('exists', ARGV[2] .. m) == 0 then
        redis.call('hdel', KEYS[1], m)
    end
end
if redis.call('hlen', KEYS[1]) > 1 then
    return -3
end
if redis.call('srem', KEYS[2], ARGV[1]) == 0 then
    return -4
end
redis.call('del', KEYS[1])
redis.call('publish', ARGV[3], 'deleted')
return 1
