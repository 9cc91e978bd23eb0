#!/usr/bin/env bash
# Install, start, stop and inspect the local backend services that the tooz
# drivers are tested against: ZooKeeper, Redis, PostgreSQL, MariaDB, etcd,
# memcached, plus Debian's python3-tooz & friends for Python interop tests.
#
# Written for a Debian 12 (bookworm) machine, run as root, WITHOUT systemd:
# daemons are started directly in the background and tracked with pid files
# under the state directory. Everything listens on 127.0.0.1 only.
#
#   scripts/backends.sh up     [service...]   install what is missing, start, create DB users
#   scripts/backends.sh status [service...]   one line per service; exit 0 iff all are up
#   scripts/backends.sh down   [service...]   stop what `up` started
#   scripts/backends.sh help
#
# Services: zookeeper redis postgresql mysql etcd memcached python (default: all).
# PostgreSQL and MariaDB also accept TLS (plain connections keep working) with a
# certificate for 127.0.0.1 and localhost, signed by the CA in STATE_DIR/tls/ca.pem.
# Environment:
#   TOOZ_BACKENDS_DIR   state dir (data, logs, pid files); default /tmp/tooz-backends
#   TOOZ_BACKENDS_WAIT  seconds to wait for each service to accept connections; default 60
#
# See docs/backends.md.
set -euo pipefail

STATE_DIR="${TOOZ_BACKENDS_DIR:-/tmp/tooz-backends}"
WAIT_SECS="${TOOZ_BACKENDS_WAIT:-60}"
SYS_PYTHON=/usr/bin/python3
ALL_SERVICES=(zookeeper redis postgresql mysql etcd memcached python)
PY_MODULES=(tooz kazoo redis pymemcache psycopg2 pymysql)
# Fixed credentials of the throw-away test databases (documented in docs/backends.md).
DB_USER=tooz
DB_NAME=tooz
DB_PASS=tooz

export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"

log() { printf '[backends] %s\n' "$*" >&2; }
die() { printf '[backends] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
}

# ---------------------------------------------------------------------------
# service tables
# ---------------------------------------------------------------------------
port_of() {
    case "$1" in
        zookeeper) echo 2181 ;;
        redis) echo 6379 ;;
        postgresql) echo 5432 ;;
        mysql) echo 3306 ;;
        etcd) echo 2379 ;;
        memcached) echo 11211 ;;
        python) echo - ;;
    esac
}

packages_of() {
    case "$1" in
        zookeeper) echo zookeeper ;;
        redis) echo redis-server openssl ;; # openssl: the TLS tests make their certificates
        postgresql) echo postgresql openssl ;; # openssl: `up` makes their TLS certificates
        mysql) echo mariadb-server openssl ;;
        etcd) echo etcd-server ;;
        memcached) echo memcached ;;
        python) echo python3-tooz python3-kazoo python3-redis python3-pymemcache python3-psycopg2 python3-pymysql python3-etcd3gw ;;
    esac
}

# Where to look when something goes wrong.
log_of() {
    case "$1" in
        zookeeper) echo "$STATE_DIR/zookeeper/zookeeper.log" ;;
        redis) echo "$STATE_DIR/redis/redis.log" ;;
        postgresql)
            local c
            if c=$(pg_cluster 2>/dev/null); then
                echo "/var/log/postgresql/postgresql-${c% *}-${c#* }.log"
            else
                echo "/var/log/postgresql/"
            fi
            ;;
        mysql) echo "$STATE_DIR/mysql/mariadb.log" ;;
        etcd) echo "$STATE_DIR/etcd/etcd.log" ;;
        memcached) echo "$STATE_DIR/memcached/memcached.log" ;;
        python) echo "$STATE_DIR/apt.log" ;;
    esac
}

# pid file written by `up` (empty for postgresql, which pg_ctlcluster manages)
pidfile_of() {
    case "$1" in
        zookeeper) echo "$STATE_DIR/zookeeper/zookeeper.pid" ;;
        redis) echo "$STATE_DIR/redis/redis.pid" ;;
        mysql) echo "$STATE_DIR/mysql/mariadb.pid" ;;
        etcd) echo "$STATE_DIR/etcd/etcd.pid" ;;
        memcached) echo "$STATE_DIR/memcached/memcached.pid" ;;
        *) echo "" ;;
    esac
}

# A string that the command line of the daemon in that pid file contains, so
# that a stale pid file whose pid was reused by another process is not trusted.
signature_of() {
    case "$1" in
        zookeeper) echo "$STATE_DIR/zookeeper/zoo.cfg" ;;
        redis) echo "redis-server" ;;
        mysql) echo "--pid-file=$STATE_DIR/mysql/mariadb.pid" ;;
        etcd) echo "$STATE_DIR/etcd/data" ;;
        memcached) echo "memcached" ;;
        *) echo "" ;;
    esac
}

normalize_name() {
    case "$1" in
        zookeeper | zk) echo zookeeper ;;
        redis) echo redis ;;
        postgresql | postgres | pg) echo postgresql ;;
        mysql | mariadb) echo mysql ;;
        etcd) echo etcd ;;
        memcached | memcache) echo memcached ;;
        python | py) echo python ;;
        *) die "unknown service '$1' (known: ${ALL_SERVICES[*]})" ;;
    esac
}

# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------
pkg_installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == installed ]]
}

pkg_version() {
    local v
    v=$(dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true)
    echo "${v:--}"
}

# Is something listening on TCP port $1 (reachable via 127.0.0.1)?
# Uses ss(8) when present: a bare connect-and-close probe makes ZooKeeper and
# MariaDB log warnings. Falls back to connecting with bash's /dev/tcp.
listening() {
    if command -v ss >/dev/null; then
        ss -Hltn "sport = :$1" 2>/dev/null |
            awk '{ print $4 }' | grep -E '^(127\.0\.0\.1|0\.0\.0\.0|\*|\[::ffff:127\.0\.0\.1\]|\[::\]):' >/dev/null
        return
    fi
    # shellcheck disable=SC2016  # $1 is expanded by the inner bash
    timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# Send $2 (printf %b escapes) to 127.0.0.1:$1 and print the reply (bounded: 3 s).
tcp_query() {
    # shellcheck disable=SC2016  # expanded by the inner bash
    timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1; printf "%b" "$2" >&3; cat <&3' _ "$1" "$2" 2>/dev/null | tr -d '\r' || true
}

# Is $1 a live (non-zombie) process? Our daemons are re-parented to pid 1,
# which may reap them late, so kill -0 alone would see a zombie as alive.
proc_running() {
    local state
    kill -0 "$1" 2>/dev/null || return 1
    state=$(sed -n 's/^.*) \(.\) .*/\1/p' "/proc/$1/stat" 2>/dev/null || true)
    [[ -n "$state" && "$state" != Z ]]
}

pid_alive() { # pidfile [string the command line must contain]
    local pidf=$1 sig=${2:-} pid
    [[ -s "$pidf" ]] || return 1
    pid=$(<"$pidf")
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    proc_running "$pid" || return 1
    if [[ -n "$sig" ]]; then
        [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)" == *"$sig"* ]] || return 1
    fi
}

# Wait (bounded) until $port accepts connections and the optional probe succeeds.
# Fails early if the process in $pidf (optional) died.
wait_ready() { # name port pidfile probe-cmd...
    local name=$1 port=$2 pidf=$3
    shift 3
    local deadline=$((SECONDS + WAIT_SECS)) logf
    logf=$(log_of "$name")
    while ((SECONDS < deadline)); do
        if listening "$port" && { (($# == 0)) || "$@" >/dev/null 2>&1; }; then
            return 0
        fi
        if [[ -n "$pidf" && -e "$pidf" ]] && ! pid_alive "$pidf"; then
            tail -n 20 "$logf" >&2 2>/dev/null || true
            die "$name exited during startup; see $logf"
        fi
        sleep 0.5
    done
    tail -n 20 "$logf" >&2 2>/dev/null || true
    die "$name did not accept connections on 127.0.0.1:$port within ${WAIT_SECS}s; see $logf"
}

# Stop the process recorded in a pid file (TERM, bounded wait, then KILL).
stop_pidfile() { # name
    local name=$1 pidf pid i
    pidf=$(pidfile_of "$name")
    if ! pid_alive "$pidf" "$(signature_of "$name")"; then
        rm -f "$pidf"
        if listening "$(port_of "$name")"; then
            echo "$name: still listening on $(port_of "$name") but not started by this script; left alone"
        else
            echo "$name: not running"
        fi
        return 0
    fi
    pid=$(<"$pidf")
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < WAIT_SECS * 2; i++)); do
        proc_running "$pid" || break
        sleep 0.5
    done
    if proc_running "$pid"; then
        log "$name (pid $pid) ignored SIGTERM for ${WAIT_SECS}s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidf"
    echo "$name: stopped (pid $pid)"
}

# Close every fd above 2 in the current (sub)shell: daemons must not inherit
# our lock file or the pipes of whoever ran us (a CI step would wait on them).
close_fds() {
    local f fd
    for f in "/proc/$BASHPID/fd/"*; do
        fd=${f##*/}
        if ((fd > 2)); then
            exec {fd}>&-
        fi
    done
}

# Start "$@" in the background in a session of its own, stdin from /dev/null,
# output appended to $1; prints the daemon's pid.
spawn() { # logfile cmd...
    local logf=$1
    shift
    (
        close_fds
        exec setsid nohup "$@" </dev/null >>"$logf" 2>&1
    ) &
    echo $!
}

need_root() {
    [[ $EUID -eq 0 ]] || die "'$1' must run as root (it installs packages and starts daemons)"
}

# ---------------------------------------------------------------------------
# installation
# ---------------------------------------------------------------------------
POLICY_RC=/usr/sbin/policy-rc.d
POLICY_RC_ADDED=0

cleanup() {
    if ((POLICY_RC_ADDED)); then
        rm -f "$POLICY_RC"
    fi
}
trap cleanup EXIT

install_missing() { # services...
    local s p missing=()
    for s in "$@"; do
        for p in $(packages_of "$s"); do
            pkg_installed "$p" || missing+=("$p")
        done
    done
    ((${#missing[@]})) || return 0

    local apt_log="$STATE_DIR/apt.log"
    log "installing from Debian packages: ${missing[*]} (log: $apt_log)"
    # Without systemd, package maintainer scripts would try to start the daemons
    # through /etc/init.d; we start them ourselves, so deny that for the duration
    # (only if the machine has no policy-rc.d of its own).
    if [[ ! -e "$POLICY_RC" ]]; then
        printf '#!/bin/sh\n# temporary, from tooz scripts/backends.sh\nexit 101\n' >"$POLICY_RC"
        chmod 755 "$POLICY_RC"
        POLICY_RC_ADDED=1
    fi
    local t0=$SECONDS
    # Wait (bounded) for the dpkg lock if another apt/dpkg run holds it.
    local apt=(apt-get -o DPkg::Lock::Timeout=300)
    if ! "${apt[@]}" update >>"$apt_log" 2>&1; then
        tail -n 20 "$apt_log" >&2
        die "apt-get update failed; see $apt_log"
    fi
    if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >>"$apt_log" 2>&1; then
        tail -n 20 "$apt_log" >&2
        die "apt-get install ${missing[*]} failed; see $apt_log"
    fi
    cleanup
    POLICY_RC_ADDED=0
    log "installed in $((SECONDS - t0))s"
}

# ---------------------------------------------------------------------------
# ZooKeeper
# ---------------------------------------------------------------------------

start_zookeeper() {
    local dir pidf logf cp java pid
    dir="$STATE_DIR/zookeeper"
    pidf="$dir/zookeeper.pid"
    logf="$dir/zookeeper.log"
    if pid_alive "$pidf" "$(signature_of zookeeper)"; then
        echo "starting (pid $(<"$pidf"))"
        return 0
    fi
    [[ -r /usr/share/java/zookeeper.jar ]] || die "zookeeper: /usr/share/java/zookeeper.jar missing (package zookeeper)"
    mkdir -p "$dir/data"
    cat >"$dir/zoo.cfg" <<EOF
# generated by scripts/backends.sh
tickTime=2000
initLimit=10
syncLimit=5
dataDir=$dir/data
clientPort=2181
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=*
EOF
    # zookeeper.jar's manifest carries its dependencies; add an SLF4J binding
    # (from libslf4j-java, a dependency) so the server actually logs to stderr.
    cp="$dir:/usr/share/java/zookeeper.jar"
    if [[ -r /usr/share/java/slf4j-simple.jar ]]; then
        cp="$cp:/usr/share/java/slf4j-simple.jar"
    fi
    java=/usr/bin/java
    [[ -x "$java" ]] || java=java
    pid=$(spawn "$logf" "$java" -Xms64m -Xmx256m \
        -Dorg.slf4j.simpleLogger.defaultLogLevel=info \
        -Dorg.slf4j.simpleLogger.showDateTime=true \
        -Dorg.slf4j.simpleLogger.dateTimeFormat="yyyy-MM-dd'T'HH:mm:ss.SSS" \
        -Dzookeeper.log.dir="$dir" \
        -Dzookeeper.jmx.log4j.disable=true \
        -cp "$cp" org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zoo.cfg")
    echo "$pid" >"$pidf"
    echo "started (pid $pid)"
}

ok_zookeeper() { [[ "$(tcp_query 2181 'ruok')" == imok ]]; }
ready_zookeeper() { wait_ready zookeeper 2181 "$STATE_DIR/zookeeper/zookeeper.pid" ok_zookeeper; }
version_zookeeper() {
    local v
    v=$(tcp_query 2181 'srvr' | sed -n 's/^Zookeeper version: \([^-,]*\).*/\1/p')
    echo "${v:-$(pkg_version zookeeper)}"
}
stop_zookeeper() { stop_pidfile zookeeper; }

# ---------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------
start_redis() {
    local dir="$STATE_DIR/redis"
    if pid_alive "$dir/redis.pid" "$(signature_of redis)"; then
        echo "starting (pid $(<"$dir/redis.pid"))"
        return 0
    fi
    command -v redis-server >/dev/null || die "redis: redis-server not installed"
    mkdir -p "$dir"
    (
        close_fds
        exec redis-server --bind 127.0.0.1 --port 6379 --daemonize yes \
            --save '' --appendonly no --dir "$dir" \
            --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
            </dev/null >>"$dir/redis.out" 2>&1
    ) ||
        die "redis: redis-server failed to start; see $dir/redis.out and $dir/redis.log"
    echo "started"
}

ok_redis() { tcp_query 6379 'PING\r\nQUIT\r\n' | grep '^+PONG' >/dev/null; }
ready_redis() { wait_ready redis 6379 "" ok_redis; }
version_redis() {
    local v
    v=$(tcp_query 6379 'INFO server\r\nQUIT\r\n' | sed -n 's/^redis_version:\(.*\)/\1/p')
    echo "${v:-$(pkg_version redis-server)}"
}
stop_redis() { stop_pidfile redis; }

# ---------------------------------------------------------------------------
# TLS for PostgreSQL and MariaDB: a throw-away CA and one server certificate
# ---------------------------------------------------------------------------
# ca.pem is what clients trust; server.pem names IP:127.0.0.1 and DNS:localhost.
# Each server reads its own copy of the key, owned by its OS user, mode 0600
# (PostgreSQL refuses a key that others can read).
TLS_DIR="$STATE_DIR/tls"
tls_key_of() { echo "$TLS_DIR/server-$1.key"; } # OS user: postgres | mysql

# Do the CA, the server certificate and its key exist, belong together, name
# 127.0.0.1 and localhost, and stay valid for at least another day?
tls_valid() {
    local d=$TLS_DIR f
    for f in ca.pem ca.key server.pem server.key; do
        [[ -s "$d/$f" ]] || return 1
    done
    # checked as of a day from now
    openssl verify -attime $((EPOCHSECONDS + 86400)) -verify_ip 127.0.0.1 -verify_hostname localhost \
        -CAfile "$d/ca.pem" "$d/server.pem" >/dev/null 2>&1 || return 1
    [[ "$(openssl x509 -noout -pubkey -in "$d/server.pem" 2>/dev/null)" == \
        "$(openssl pkey -pubout -in "$d/server.key" 2>/dev/null)" ]]
}

# Make the CA and the server certificate unless valid ones exist.
tls_make() {
    local d=$TLS_DIR tmp
    [[ "$d" != *"'"* ]] || die "tls: the state dir must not contain a quote: $d"
    command -v openssl >/dev/null || die "tls: openssl not installed (package openssl)"
    install -d -m 755 "$d" || die "tls: cannot create $d"
    tls_valid && return 0
    tmp=$(mktemp -d "$d/.new.XXXXXX") || die "tls: cannot create a temporary directory in $d"
    if ! (
        cd "$tmp" &&
            openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -keyout ca.key -out ca.pem \
                -subj '/CN=tooz scripts-backends.sh test CA' \
                -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' &&
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj '/CN=localhost' &&
            printf '%s\n' 'subjectAltName=IP:127.0.0.1,DNS:localhost' 'basicConstraints=CA:FALSE' \
                'keyUsage=critical,digitalSignature,keyEncipherment' 'extendedKeyUsage=serverAuth' >server.ext &&
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -set_serial "0x$(openssl rand -hex 8)" \
                -days 3650 -extfile server.ext -out server.pem &&
            chmod 600 ca.key server.key && chmod 644 ca.pem server.pem
    ) >"$d/openssl.log" 2>&1; then
        rm -rf "$tmp"
        die "tls: making the CA and server certificate with openssl failed; see $d/openssl.log"
    fi
    mv -f "$tmp/ca.key" "$tmp/server.key" "$tmp/server.pem" "$tmp/ca.pem" "$d/"
    rm -rf "$tmp" "$d/openssl.log"
    log "tls: made a new CA ($d/ca.pem) and server certificate for 127.0.0.1 and localhost"
}

# Give the OS user $1 its own copy of the server key (owner $1, mode 0600).
tls_install_key() { # postgres | mysql
    local user=$1 key
    key=$(tls_key_of "$user")
    id "$user" >/dev/null 2>&1 || die "tls: OS user '$user' missing"
    if [[ "$(stat -c '%U %a' "$key" 2>/dev/null)" != "$user 600" ]] || ! cmp -s "$TLS_DIR/server.key" "$key"; then
        install -o "$user" -g "$(id -gn "$user")" -m 600 "$TLS_DIR/server.key" "$key" ||
            die "tls: cannot install $key for '$user'"
    fi
}

# ---------------------------------------------------------------------------
# PostgreSQL (Debian's own cluster, managed with pg_ctlcluster)
# ---------------------------------------------------------------------------
# Print "VERSION CLUSTER" of the cluster configured on port 5432.
pg_cluster() {
    command -v pg_lsclusters >/dev/null || return 1
    pg_lsclusters -h 2>/dev/null | awk '$3 == 5432 { print $1, $2; found = 1; exit } END { exit !found }'
}

start_postgresql() {
    local c ver name dir="$STATE_DIR/postgresql"
    mkdir -p "$dir"
    if ! c=$(pg_cluster); then
        # postgresql-NN normally creates "main"; recreate it if it was removed.
        ver=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)
        [[ -n "$ver" ]] || die "postgresql: no server version under /usr/lib/postgresql (package postgresql)"
        log "postgresql: creating cluster $ver/main on port 5432"
        pg_createcluster "$ver" main --port 5432 >>"$dir/pg_createcluster.log" 2>&1 ||
            die "postgresql: pg_createcluster failed; see $dir/pg_createcluster.log"
        c="$ver main"
    fi
    ver=${c% *}
    name=${c#* }
    (
        close_fds
        exec pg_ctlcluster "$ver" "$name" start </dev/null >>"$dir/pg_ctlcluster.log" 2>&1
    ) || {
        tail -n 20 "$dir/pg_ctlcluster.log" >&2
        die "postgresql: pg_ctlcluster $ver $name start failed; see $(log_of postgresql)"
    }
    echo "$ver $name" >"$dir/started-cluster"
    echo "started (cluster $ver/$name)"
}

ok_postgresql() { pg_isready -q -h 127.0.0.1 -p 5432; }
ready_postgresql() { wait_ready postgresql 5432 "" ok_postgresql; }

provision_postgresql() {
    # Peer auth over the unix socket as the postgres OS user; SQL on stdin so
    # the password never appears on a command line.
    (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d postgres) >/dev/null <<SQL ||
SELECT 'CREATE ROLE $DB_USER LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER')\gexec
ALTER ROLE $DB_USER WITH LOGIN PASSWORD '$DB_PASS';
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME')\gexec
ALTER DATABASE $DB_NAME OWNER TO $DB_USER;
SQL
        die "postgresql: creating role/database '$DB_USER' failed"
    pg_login_version >/dev/null || die "postgresql: login as '$DB_USER' over 127.0.0.1:5432 failed"
    tls_postgresql
}

# Is a login over TLS, verified against our CA for 127.0.0.1, encrypted?
pg_tls_login() {
    PGSSLMODE=verify-full PGSSLROOTCERT="$TLS_DIR/ca.pem" PGPASSWORD=$DB_PASS PGCONNECT_TIMEOUT=5 \
        psql -X -q -t -A -h 127.0.0.1 -p 5432 -U "$DB_USER" -d "$DB_NAME" \
        -c 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()' 2>/dev/null | grep -x t >/dev/null
}

# ssl = on with our certificate; a reload (not a restart) applies it, and plain
# connections keep working (pg_hba.conf's "host" lines match both).
tls_postgresql() {
    local i
    pg_tls_login && return 0
    (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d postgres) >/dev/null <<SQL ||
ALTER SYSTEM SET ssl = on;
ALTER SYSTEM SET ssl_cert_file = '$TLS_DIR/server.pem';
ALTER SYSTEM SET ssl_key_file = '$(tls_key_of postgres)';
SELECT pg_reload_conf();
SQL
        die "postgresql: enabling TLS (ALTER SYSTEM SET ssl = on) failed"
    # the postmaster reloads asynchronously
    for ((i = 0; i < 20; i++)); do
        pg_tls_login && return 0
        sleep 0.5
    done
    die "postgresql: a TLS login (sslmode=verify-full, sslrootcert=$TLS_DIR/ca.pem) still fails after enabling ssl; see $(log_of postgresql)"
}

pg_login_version() {
    PGPASSWORD=$DB_PASS PGCONNECT_TIMEOUT=5 psql -X -q -t -A -h 127.0.0.1 -p 5432 -U "$DB_USER" -d "$DB_NAME" \
        -c 'SHOW server_version' 2>/dev/null | awk '{ print $1; exit }' | grep .
}

stop_postgresql() {
    local dir="$STATE_DIR/postgresql" c
    if [[ -s "$dir/started-cluster" ]]; then
        c=$(<"$dir/started-cluster")
        if pg_ctlcluster "${c% *}" "${c#* }" status >/dev/null 2>&1; then
            pg_ctlcluster "${c% *}" "${c#* }" stop -m fast >>"$dir/pg_ctlcluster.log" 2>&1 ||
                die "postgresql: pg_ctlcluster ${c% *} ${c#* } stop failed; see $dir/pg_ctlcluster.log"
            echo "postgresql: stopped (cluster ${c% *}/${c#* })"
        else
            echo "postgresql: not running"
        fi
        rm -f "$dir/started-cluster"
    elif listening 5432; then
        echo "postgresql: listening on 5432 but not started by this script; left alone"
    else
        echo "postgresql: not running"
    fi
}

# ---------------------------------------------------------------------------
# MariaDB (Debian's datadir /var/lib/mysql; pid and logs in the state dir)
# ---------------------------------------------------------------------------
MY_SOCKET=/run/mysqld/mysqld.sock
my_bin() { # mariadbd | mariadb | mariadb-admin, with the mysql* fallbacks
    local b
    for b in "$@"; do
        if command -v "$b" >/dev/null; then
            command -v "$b"
            return 0
        fi
    done
    return 1
}

start_mysql() {
    local dir="$STATE_DIR/mysql" server pid
    if pid_alive "$dir/mariadb.pid" "$(signature_of mysql)"; then
        echo "starting (pid $(<"$dir/mariadb.pid"))"
        return 0
    fi
    server=$(my_bin mariadbd mysqld) || die "mysql: mariadbd not found (package mariadb-server)"
    id mysql >/dev/null 2>&1 || die "mysql: OS user 'mysql' missing (package mariadb-server)"
    install -d -o mysql -g mysql -m 755 /run/mysqld || die "mysql: cannot create /run/mysqld"
    install -d -o mysql -g mysql -m 750 "$dir" || die "mysql: cannot create $dir"
    if [[ ! -d /var/lib/mysql/mysql ]]; then
        # the package's postinst normally does this
        log "mysql: initialising /var/lib/mysql"
        "$(my_bin mariadb-install-db mysql_install_db)" --user=mysql --datadir=/var/lib/mysql \
            --skip-test-db >>"$dir/install-db.log" 2>&1 ||
            die "mysql: mariadb-install-db failed; see $dir/install-db.log"
    fi
    pid=$(spawn "$dir/mariadb.out" "$server" --user=mysql \
        --bind-address=127.0.0.1 --port=3306 --socket="$MY_SOCKET" \
        --pid-file="$dir/mariadb.pid" --log-error="$dir/mariadb.log" \
        --ssl-ca="$TLS_DIR/ca.pem" --ssl-cert="$TLS_DIR/server.pem" --ssl-key="$(tls_key_of mysql)")
    echo "$pid" >"$dir/launcher.pid"
    echo "started (pid $pid)"
}

ok_mysql() { "$(my_bin mariadb-admin mysqladmin)" --protocol=socket --socket="$MY_SOCKET" -uroot --connect-timeout=2 ping; }
ready_mysql() { wait_ready mysql 3306 "$STATE_DIR/mysql/launcher.pid" ok_mysql; }

provision_mysql() {
    # root@localhost authenticates with unix_socket on Debian; SQL on stdin.
    "$(my_bin mariadb mysql)" --protocol=socket --socket="$MY_SOCKET" -uroot >/dev/null <<SQL ||
CREATE DATABASE IF NOT EXISTS \`$DB_NAME\`;
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
ALTER USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'localhost';
GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
        die "mysql: creating user/database '$DB_USER' failed (connecting as root over $MY_SOCKET)"
    my_login_version >/dev/null || die "mysql: login as '$DB_USER' over 127.0.0.1:3306 failed"
    tls_mysql
}

# Does the running server have TLS on, with our certificate and key?
my_tls_on() {
    local out
    out=$("$(my_bin mariadb mysql)" --protocol=socket --socket="$MY_SOCKET" -uroot -N -B \
        -e "SELECT @@have_ssl, @@ssl_cert, @@ssl_key" 2>/dev/null) || return 1
    [[ "$out" == "YES"$'\t'"$TLS_DIR/server.pem"$'\t'"$(tls_key_of mysql)" ]]
}

# Is a login over TLS, verified against our CA for 127.0.0.1, encrypted?
my_tls_login() {
    local cli
    cli=$(my_bin mariadb mysql) || return 1
    MYSQL_PWD=$DB_PASS "$cli" --protocol=tcp -h 127.0.0.1 -P 3306 -u "$DB_USER" --connect-timeout=5 \
        --ssl --ssl-ca="$TLS_DIR/ca.pem" --ssl-verify-server-cert \
        -N -B -e "SHOW SESSION STATUS LIKE 'Ssl_cipher'" "$DB_NAME" 2>/dev/null | awk '$2 != "" { ok = 1 } END { exit !ok }'
}

# `up` (re)starts our server with --ssl-*. If a TLS login still fails, the
# certificates were renewed while it ran, and FLUSH SSL makes it re-read them.
tls_mysql() {
    my_tls_login && return 0
    if my_tls_on; then
        "$(my_bin mariadb mysql)" --protocol=socket --socket="$MY_SOCKET" -uroot -e 'FLUSH SSL' >/dev/null 2>&1 || true
        my_tls_login && return 0
        die "mysql: a TLS login (--ssl-ca=$TLS_DIR/ca.pem --ssl-verify-server-cert) fails; see $(log_of mysql)"
    fi
    if pid_alive "$(pidfile_of mysql)" "$(signature_of mysql)"; then
        die "mysql: started with --ssl-cert=$TLS_DIR/server.pem but have_ssl is not YES; see $(log_of mysql)"
    fi
    die "mysql: the server on 127.0.0.1:3306 has no TLS with $TLS_DIR/server.pem and was not started by this script; stop it and run '$0 up mysql' again"
}

my_login_version() {
    local cli
    cli=$(my_bin mariadb mysql) || return 1
    MYSQL_PWD=$DB_PASS "$cli" --protocol=tcp -h 127.0.0.1 -P 3306 -u "$DB_USER" --connect-timeout=5 \
        -N -B -e 'SELECT VERSION()' "$DB_NAME" 2>/dev/null | sed 's/-.*//' | grep .
}

stop_mysql() {
    local dir="$STATE_DIR/mysql" pid i admin
    if ! pid_alive "$dir/mariadb.pid" "$(signature_of mysql)"; then
        rm -f "$dir/launcher.pid"
        if listening 3306; then
            echo "mysql: listening on 3306 but not started by this script; left alone"
        else
            echo "mysql: not running"
        fi
        return 0
    fi
    pid=$(<"$dir/mariadb.pid")
    admin=$(my_bin mariadb-admin mysqladmin) || true
    if [[ -z "$admin" ]] || ! "$admin" --protocol=socket --socket="$MY_SOCKET" -uroot shutdown >/dev/null 2>&1; then
        kill -TERM "$pid" 2>/dev/null || true
    fi
    for ((i = 0; i < WAIT_SECS * 2; i++)); do
        proc_running "$pid" || break
        sleep 0.5
    done
    if proc_running "$pid"; then
        log "mysql (pid $pid) did not stop within ${WAIT_SECS}s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/mariadb.pid" "$dir/launcher.pid"
    echo "mysql: stopped (pid $pid)"
}

# ---------------------------------------------------------------------------
# etcd
# ---------------------------------------------------------------------------
start_etcd() {
    local dir="$STATE_DIR/etcd" arch pid
    if pid_alive "$dir/etcd.pid" "$(signature_of etcd)"; then
        echo "starting (pid $(<"$dir/etcd.pid"))"
        return 0
    fi
    command -v etcd >/dev/null || die "etcd: etcd not installed (package etcd-server)"
    mkdir -p "$dir"
    chmod 700 "$dir"
    # etcd 3.4 refuses to run on architectures other than amd64 and ppc64le
    # unless ETCD_UNSUPPORTED_ARCH names the architecture (arm64 needs it).
    arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
    case "$arch" in
        amd64) ;;
        ppc64el) export ETCD_UNSUPPORTED_ARCH=ppc64le ;;
        *) export ETCD_UNSUPPORTED_ARCH="$arch" ;;
    esac
    pid=$(spawn "$dir/etcd.log" etcd --name default --data-dir "$dir/data" \
        --listen-client-urls http://127.0.0.1:2379 \
        --advertise-client-urls http://127.0.0.1:2379 \
        --listen-peer-urls http://127.0.0.1:2380 \
        --initial-advertise-peer-urls http://127.0.0.1:2380 \
        --initial-cluster default=http://127.0.0.1:2380 \
        --initial-cluster-token tooz-local --initial-cluster-state new \
        --enable-v2=true)
    echo "$pid" >"$dir/etcd.pid"
    echo "started (pid $pid)"
}

ok_etcd() { tcp_query 2379 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' | grep '"health":"true"' >/dev/null; }
ready_etcd() { wait_ready etcd 2379 "$STATE_DIR/etcd/etcd.pid" ok_etcd; }
version_etcd() {
    local v
    v=$(tcp_query 2379 'GET /version HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' | sed -n 's/.*"etcdserver":"\([^"]*\)".*/\1/p')
    echo "${v:-$(pkg_version etcd-server)}"
}
stop_etcd() { stop_pidfile etcd; }

# ---------------------------------------------------------------------------
# memcached
# ---------------------------------------------------------------------------
start_memcached() {
    local dir="$STATE_DIR/memcached" user=memcache pid
    if pid_alive "$dir/memcached.pid" "$(signature_of memcached)"; then
        echo "starting (pid $(<"$dir/memcached.pid"))"
        return 0
    fi
    command -v memcached >/dev/null || die "memcached: memcached not installed"
    id "$user" >/dev/null 2>&1 || user=nobody
    mkdir -p "$dir"
    pid=$(spawn "$dir/memcached.log" memcached -l 127.0.0.1 -p 11211 -U 0 -u "$user" -m 64)
    echo "$pid" >"$dir/memcached.pid"
    echo "started (pid $pid)"
}

ok_memcached() { tcp_query 11211 'version\r\nquit\r\n' | grep '^VERSION ' >/dev/null; }
ready_memcached() { wait_ready memcached 11211 "$STATE_DIR/memcached/memcached.pid" ok_memcached; }
version_memcached() {
    local v
    v=$(tcp_query 11211 'version\r\nquit\r\n' | sed -n 's/^VERSION \(.*\)/\1/p')
    echo "${v:-$(pkg_version memcached)}"
}
stop_memcached() { stop_pidfile memcached; }

# ---------------------------------------------------------------------------
# python interop modules (nothing to start)
# ---------------------------------------------------------------------------
# Prints the last line of the error and fails if a module does not import.
python_check() {
    local mods out
    mods=$(IFS=,; echo "${PY_MODULES[*]}")
    # -I: ignore PYTHON* variables and user site-packages (pyenv etc.)
    if out=$("$SYS_PYTHON" -I -c "import $mods" 2>&1); then
        return 0
    fi
    printf '%s\n' "${out##*$'\n'}"
    return 1
}

# ---------------------------------------------------------------------------
# subcommands
# ---------------------------------------------------------------------------
fmt() { printf '%-10s %-6s %-5s %s\n' "$@"; }

# state of one service: prints "up|down<TAB>detail"; returns 0 iff up.
probe() {
    local s=$1 v
    case "$s" in
        python)
            local err
            if [[ ! -x "$SYS_PYTHON" ]]; then
                printf 'down\t%s missing\n' "$SYS_PYTHON"
                return 1
            fi
            if err=$(python_check); then
                printf 'up\t%s: import %s ok (python3-tooz %s)\n' "$SYS_PYTHON" "${PY_MODULES[*]}" "$(pkg_version python3-tooz)"
            else
                printf 'down\t%s: %s\n' "$SYS_PYTHON" "$err"
                return 1
            fi
            ;;
        postgresql | mysql)
            if ! listening "$(port_of "$s")"; then
                printf 'down\t-\n'
                return 1
            fi
            if [[ $s == postgresql ]]; then v=$(pg_login_version) || v=""; else v=$(my_login_version) || v=""; fi
            if [[ -z "$v" ]]; then
                printf 'up\tbut login as %s to database %s FAILED (run: %s up %s)\n' "$DB_USER" "$DB_NAME" "$0" "$s"
                return 1
            fi
            printf 'up\t%s (%s://%s:***@127.0.0.1:%s/%s ok)\n' "$v" "$s" "$DB_USER" "$(port_of "$s")" "$DB_NAME"
            ;;
        *)
            if ! listening "$(port_of "$s")"; then
                printf 'down\t-\n'
                return 1
            fi
            if ! "ok_$s" >/dev/null 2>&1; then
                printf 'up\tport open but the service does not answer yet\n'
                return 1
            fi
            printf 'up\t%s\n' "$("version_$s")"
            ;;
    esac
}

cmd_status() {
    local s out rc=0
    fmt SERVICE PORT STATE DETAIL
    for s in "$@"; do
        if out=$(probe "$s"); then :; else rc=1; fi
        fmt "$s" "$(port_of "$s")" "${out%%$'\t'*}" "${out#*$'\t'}"
    done
    return "$rc"
}

cmd_up() {
    local t0=$SECONDS s out pidf restarted failed=()
    declare -A note=()

    install_missing "$@"
    if [[ " $* " == *" postgresql "* || " $* " == *" mysql "* ]]; then
        tls_make
    fi
    if [[ " $* " == *" postgresql "* ]]; then
        tls_install_key postgres
    fi
    if [[ " $* " == *" mysql "* ]]; then
        tls_install_key mysql
    fi

    # 1) launch everything that is not listening yet (daemons start in parallel)
    for s in "$@"; do
        [[ $s == python ]] && continue
        restarted=0
        # our MariaDB started without TLS (by an older version of this script)
        if [[ $s == mysql ]] && listening 3306 && pid_alive "$(pidfile_of mysql)" "$(signature_of mysql)" &&
            (ready_mysql) && ! my_tls_on; then
            log "mysql: running without TLS; restarting it with --ssl-ca, --ssl-cert, --ssl-key"
            stop_mysql >/dev/null
            restarted=1
        fi
        if listening "$(port_of "$s")"; then
            pidf=$(pidfile_of "$s")
            if [[ -n "$pidf" ]] && pid_alive "$pidf" "$(signature_of "$s")"; then
                note[$s]="already running (pid $(<"$pidf"))"
            elif [[ $s == postgresql && -s "$STATE_DIR/postgresql/started-cluster" ]]; then
                note[$s]="already running (cluster $(tr ' ' / <"$STATE_DIR/postgresql/started-cluster"))"
            else
                note[$s]="already listening, not started by this script; left alone"
            fi
            continue
        fi
        if out=$("start_$s"); then
            ((restarted)) && out="restarted with TLS ${out#started }"
            note[$s]=$out
        else
            failed+=("$s")
            note[$s]="FAILED to start"
        fi
    done

    # 2) wait for each, then create users/databases
    for s in "$@"; do
        [[ " ${failed[*]} " == *" $s "* ]] && continue
        case "$s" in
            python)
                python_check >/dev/null || {
                    log "python: $SYS_PYTHON cannot import ${PY_MODULES[*]}: $(python_check || true)"
                    failed+=("$s")
                }
                ;;
            postgresql | mysql)
                ("ready_$s" && "provision_$s") || failed+=("$s")
                ;;
            *)
                ("ready_$s") || failed+=("$s")
                ;;
        esac
    done

    # 3) summary
    fmt SERVICE PORT STATE DETAIL
    for s in "$@"; do
        if [[ " ${failed[*]} " == *" $s "* ]]; then
            fmt "$s" "$(port_of "$s")" FAIL "${note[$s]:-} -- see $(log_of "$s")"
        else
            out=$(probe "$s") || true
            fmt "$s" "$(port_of "$s")" "${out%%$'\t'*}" "${out#*$'\t'}${note[$s]:+ [${note[$s]}]}"
        fi
    done
    log "up finished in $((SECONDS - t0))s; state dir $STATE_DIR"
    ((${#failed[@]} == 0)) || die "not ready: ${failed[*]}"
}

cmd_down() {
    local s i
    # reverse order
    for ((i = $# ; i >= 1; i--)); do
        s=${!i}
        [[ $s == python ]] && continue
        "stop_$s"
    done
}

main() {
    local cmd=${1:-help}
    (($# == 0)) || shift
    local services=() s
    for s in "$@"; do
        services+=("$(normalize_name "$s")")
    done
    ((${#services[@]})) || services=("${ALL_SERVICES[@]}")

    case "$cmd" in
        up | down | stop)
            need_root "$cmd"
            mkdir -p "$STATE_DIR"
            chmod 755 "$STATE_DIR"
            # one up/down at a time (bounded wait); daemons never inherit this fd
            exec 9>"$STATE_DIR/.lock"
            flock -w 900 9 || die "another '$0 up/down' is still running (lock $STATE_DIR/.lock)"
            ;;
    esac
    case "$cmd" in
        up) cmd_up "${services[@]}" ;;
        down | stop) cmd_down "${services[@]}" ;;
        status) cmd_status "${services[@]}" ;;
        help | -h | --help) usage ;;
        *)
            usage >&2
            exit 2
            ;;
    esac
}

main "$@"
