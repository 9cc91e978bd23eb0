-- Break a queue: KEYS index, broken note; ARGV base, wake channel prefix, lock ms, the queue's channel. Deletes every
-- entry, tells each tooz-java holder over its coordinator's wake channel ('lost <entry key>'), notes the highest
-- number removed for lock ms so that the holders' refreshes report a break rather than an expiry, and wakes every
-- watcher ('*'). 1: there was a live entry.
local seqs = redis.call('zrange', KEYS[1], 0, -1)
local any = 0
for _, s in ipairs(seqs) do
    local key = ARGV[1] .. ':' .. s
    local v = redis.call('get', key)
    if v then
        any = 1
        redis.call('del', key)
        local instance = string.match(v, '^(%x+) ')
        if instance then
            redis.call('publish', ARGV[2] .. instance, 'lost ' .. key)
        end
    end
end
if #seqs > 0 then
    redis.call('del', KEYS[1])
    redis.call('set', KEYS[2], seqs[#seqs], 'PX', ARGV[3])
    redis.call('publish', ARGV[4], '*')
end
return any
