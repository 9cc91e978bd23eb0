-- Leave: KEYS group hash; ARGV member id, event channel. -1: group not created, 0: not joined, 1: left.
if redis.call('exists', KEYS[1]) == 0 then
    return -1
end
if redis.call('hdel', KEYS[1], ARGV[1]) == 0 then
    return 0
end
redis.call('publish', ARGV[2], 'leave')
return 1
