-- Python tooz's create_group: KEYS group hash, groups set; ARGV group id. 0: exists.
if redis.call('exists', KEYS[1]) == 1 then
    return 0
end
redis.call('sadd', KEYS[2], ARGV[1])
redis.call('hset', KEYS[1], '__created__', '1')
return 1
