-- Prepended to the queue scripts that list a queue. A queue is an index (ZSET: each member a sequence number, scored
-- by itself) of entry keys '<base>:<seq>', each '<coordinator> <tag> <holder>' with the lock TTL.
--
-- live lists the entries whose key still exists, in sequence order, as {seq, value, ...}; it drops the others
-- (expired) from the index and publishes their numbers on the queue's channel, so their watchers hear of an expiry
-- at the next read by anyone. Keys go to MGET and ZREM in chunks (Lua's unpack has a limit).
local function live(index, base, channel)
    local seqs = redis.call('zrange', index, 0, -1)
    local out, gone = {}, {}
    for from = 1, #seqs, 500 do
        local upto = math.min(from + 499, #seqs)
        local keys = {}
        for i = from, upto do
            keys[#keys + 1] = base .. ':' .. seqs[i]
        end
        local values = redis.call('mget', unpack(keys))
        for i = from, upto do
            local v = values[i - from + 1]
            if v then
                out[#out + 1] = seqs[i]
                out[#out + 1] = v
            else
                gone[#gone + 1] = seqs[i]
            end
        end
    end
    for from = 1, #gone, 500 do
        redis.call('zrem', index, unpack(gone, from, math.min(from + 499, #gone)))
    end
    for _, s in ipairs(gone) do
        redis.call('publish', channel, s)
    end
    return out
end
