-- KEYS own beat key; ARGV membership ms. Returns 1 if the beat was still there, 0 if it had expired.
local alive = redis.call('exists', KEYS[1])
redis.call('set', KEYS[1], 'Not dead!', 'PX', ARGV[1])
return alive
