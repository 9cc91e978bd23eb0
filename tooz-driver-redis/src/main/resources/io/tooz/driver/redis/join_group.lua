-- Join: KEYS group hash, own beat key; ARGV member id, capabilities, membership ms, event channel.
-- -1: group not created, 0: already a live member (capabilities untouched, unlike Python), 1: joined.
-- A field left by a dead incarnation of this member id (no beat) is taken over.
if redis.call('exists', KEYS[1]) == 0 then
    return -1
end
if redis.call('hexists', KEYS[1], ARGV[1]) == 1 and redis.call('exists', KEYS[2]) == 1 then
    return 0
end
redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
redis.call('set', KEYS[2], 'Not dead!', 'PX', ARGV[3])
redis.call('publish', ARGV[4], 'join')
return 1
