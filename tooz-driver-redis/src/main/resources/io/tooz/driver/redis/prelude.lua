-- Prepended to the lock scripts that free a lock. Scripts write after reading TIME, which needs the effect
-- replication that is the default from Redis 5.0 (the driver refuses older servers).
--
-- wake_next drops waiters whose lease ran out and wakes the next live one: an entry is 'channel message',
-- published as is. Returns true if someone was woken.
local function wake_next(waiters)
    local t = redis.call('time')
    local millis = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
    redis.call('zremrangebyscore', waiters, '-inf', millis)
    local next = redis.call('zrange', waiters, 0, 0)[1]
    if not next then
        return false
    end
    local space = string.find(next, ' ', 1, true)
    redis.call('publish', string.sub(next, 1, space - 1), string.sub(next, space + 1))
    return true
end
