-- Leave a queue: KEYS entry key, index; ARGV the entry's sequence number, the queue's channel. Deletes the entry and
-- publishes its number to the queue's watchers. 1: the entry was there.
local there = redis.call('del', KEYS[1])
if redis.call('zrem', KEYS[2], ARGV[1]) + there > 0 then
    redis.call('publish', ARGV[2], ARGV[1])
end
return there
