-- Join a queue: KEYS counter, index; ARGV base, value, lock ms, tag, the queue's channel. Returns {seq, seq1, value1,
-- ...}: the new entry's sequence number, then the live entries (the new one included) in sequence order.
local seq = redis.call('incr', KEYS[1])
if seq == 1 then
    -- no counter: the first entry of this queue, or the server lost its data. Numbers start from the server's clock in
    -- microseconds, above every number it gave before (at most one per microsecond), so they keep increasing. A
    -- server up for less than a lock TTL may have forgotten entries whose holders still believe in them until their
    -- TTL ends: guard entries, first in the queue and living the rest of that time, block every grant until then
    -- (lock_acquire.lua's restart guard): one 'write' for a read-write lock, N 'permits:N' for a semaphore
    local t = redis.call('time')
    seq = tonumber(t[1]) * 1000000 + tonumber(t[2])
    local info = redis.pcall('info', 'server')
    local up = type(info) == 'string' and tonumber(string.match(info, 'uptime_in_seconds:(%d+)')) or nil
    local wait = up and (tonumber(ARGV[3]) - up * 1000) or 0
    if wait > 0 then
        local permits = string.match(ARGV[4], '^permits:(%d+)$')
        local tag = permits and ARGV[4] or 'write'
        for _ = 1, permits and tonumber(permits) or 1 do
            local s = string.format('%.0f', seq)
            redis.call('set', ARGV[1] .. ':' .. s, '- ' .. tag .. ' tooz:restart-guard', 'PX', wait)
            redis.call('zadd', KEYS[2], s, s)
            seq = seq + 1
        end
    end
    redis.call('set', KEYS[1], string.format('%.0f', seq))
end
local s = string.format('%.0f', seq)
redis.call('set', ARGV[1] .. ':' .. s, ARGV[2], 'PX', ARGV[3])
redis.call('zadd', KEYS[2], s, s)
local out = live(KEYS[2], ARGV[1], ARGV[5])
table.insert(out, 1, s)
return out
