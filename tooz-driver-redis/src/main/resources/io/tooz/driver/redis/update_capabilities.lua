-- Python tooz's update_capabilities plus an event: KEYS group hash; ARGV member id, capabilities, event channel.
-- -1: group not created, -2: not joined.
if redis.call('exists', KEYS[1]) == 0 then
    return -1
end
if redis.call('hexists', KEYS[1], ARGV[1]) == 0 then
    return -2
end
redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
redis.call('publish', ARGV[3], 'update')
return 1
