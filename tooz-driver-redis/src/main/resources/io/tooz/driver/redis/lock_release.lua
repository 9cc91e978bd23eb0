-- Release: KEYS lock key, waiter set; ARGV value. Deletes the lock only if it still holds our value, then
-- wakes one live waiter: the entry is 'channel message', published as is. 1: released, 0: not ours.
if redis.replicate_commands then
    redis.replicate_commands()
end
if redis.call('get', KEYS[1]) ~= ARGV[1] then
    return 0
end
redis.call('del', KEYS[1])
local t = redis.call('time')
local millis = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('zremrangebyscore', KEYS[2], '-inf', millis)
local next = redis.call('zrange', KEYS[2], 0, 0)[1]
if next then
    local space = string.find(next, ' ', 1, true)
    redis.call('publish', string.sub(next, 1, space - 1), string.sub(next, space + 1))
end
return 1
