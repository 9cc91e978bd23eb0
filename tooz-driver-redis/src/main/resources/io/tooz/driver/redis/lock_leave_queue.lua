-- A waiter gives up: KEYS waiter set, lock key; ARGV its entry. Removes it and, if the lock is free, passes a
-- wake-up it may have swallowed on to the next live waiter. Returns 1 if someone was woken.
if redis.replicate_commands then
    redis.replicate_commands()
end
redis.call('zrem', KEYS[1], ARGV[1])
if redis.call('exists', KEYS[2]) == 1 then
    return 0
end
local t = redis.call('time')
local millis = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('zremrangebyscore', KEYS[1], '-inf', millis)
local next = redis.call('zrange', KEYS[1], 0, 0)[1]
if next then
    local space = string.find(next, ' ', 1, true)
    redis.call('publish', string.sub(next, 1, space - 1), string.sub(next, space + 1))
    return 1
end
return 0
