-- Break a lock: KEYS lock key, waiter set; ARGV wake channel prefix, lock ms. Deletes whatever holds it, tells a
-- tooz-java holder (its value names its coordinator's channel), leaves a note so the holder's next refresh can
-- tell a break from an expiry, and wakes one waiter. 1: there was a holder.
if redis.replicate_commands then
    redis.replicate_commands()
end
local v = redis.call('get', KEYS[1])
if not v then
    return 0
end
redis.call('del', KEYS[1])
redis.call('set', KEYS[1] .. ':broken', v, 'PX', ARGV[2])
local instance = string.match(v, '^tooz:(%x+)%.')
if instance then
    redis.call('publish', ARGV[1] .. instance, 'lost ' .. v)
end
local t = redis.call('time')
local millis = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('zremrangebyscore', KEYS[2], '-inf', millis)
local next = redis.call('zrange', KEYS[2], 0, 0)[1]
if next then
    local space = string.find(next, ' ', 1, true)
    redis.call('publish', string.sub(next, 1, space - 1), string.sub(next, space + 1))
end
return 1
