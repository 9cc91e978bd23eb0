-- KEYS group hash; ARGV member id. -1: group not created, -2: not joined, else the capabilities.
if redis.call('exists', KEYS[1]) == 0 then
    return -1
end
local caps = redis.call('hget', KEYS[1], ARGV[1])
if not caps then
    return -2
end
return caps
