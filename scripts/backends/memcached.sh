# shellcheck shell=bash
# Sourced by scripts/backends.sh: memcached, TCP only, 64 MB.
service memcached port=11211 aliases=memcache packages=memcached \
    log="$STATE_DIR/memcached/memcached.log" \
    pidfile="$STATE_DIR/memcached/memcached.pid" \
    signature=memcached \
    launcher="$STATE_DIR/memcached/memcached.pid"

start_memcached() {
    local port=$1 dir="$STATE_DIR/memcached" user=memcache
    already_starting memcached && return 0
    command -v memcached >/dev/null || die "memcached: memcached not installed"
    id "$user" >/dev/null 2>&1 || user=nobody
    mkdir -p "$dir"
    launch memcached "$dir/memcached.log" memcached -l 127.0.0.1 -p "$port" -U 0 -u "$user" -m 64
}

ok_memcached() { tcp_query "$1" 'version\r\nquit\r\n' | grep '^VERSION ' >/dev/null; }
version_memcached() { tcp_query "$1" 'version\r\nquit\r\n' | sed -n 's/^VERSION \(.*\)/\1/p'; }
