# shellcheck shell=bash
# Sourced by scripts/backends.sh: PostgreSQL, Debian's own cluster, managed with
# pg_ctlcluster. openssl: `up` makes its TLS certificates.
service postgresql port=5432 aliases="postgres pg" packages="postgresql openssl" tls_user=postgres

# Print "VERSION CLUSTER" of the cluster configured on our port.
pg_cluster() {
    command -v pg_lsclusters >/dev/null || return 1
    pg_lsclusters -h 2>/dev/null | awk -v port="$(svc postgresql port)" \
        '$3 == port { print $1, $2; found = 1; exit } END { exit !found }'
}

log_postgresql() {
    local c
    if c=$(pg_cluster 2>/dev/null); then
        echo "/var/log/postgresql/postgresql-${c% *}-${c#* }.log"
    else
        echo "/var/log/postgresql/"
    fi
}

ours_postgresql() {
    [[ -s "$STATE_DIR/postgresql/started-cluster" ]] || return 1
    echo "cluster $(tr ' ' / <"$STATE_DIR/postgresql/started-cluster")"
}

start_postgresql() {
    local port=$1 c ver name dir="$STATE_DIR/postgresql"
    mkdir -p "$dir"
    if ! c=$(pg_cluster); then
        # postgresql-NN normally creates "main"; recreate it if it was removed.
        ver=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)
        [[ -n "$ver" ]] || die "postgresql: no server version under /usr/lib/postgresql (package postgresql)"
        log "postgresql: creating cluster $ver/main on port $port"
        pg_createcluster "$ver" main --port "$port" >>"$dir/pg_createcluster.log" 2>&1 ||
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

ok_postgresql() { pg_isready -q -h 127.0.0.1 -p "$1"; }

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
    login_postgresql >/dev/null || die "postgresql: login as '$DB_USER' over 127.0.0.1:$(svc postgresql port) failed"
    tls_postgresql
}

# Log in as the test user over TCP; print the server version.
login_postgresql() {
    PGPASSWORD=$DB_PASS PGCONNECT_TIMEOUT=5 psql -X -q -t -A -h 127.0.0.1 -p "$(svc postgresql port)" -U "$DB_USER" \
        -d "$DB_NAME" -c 'SHOW server_version' 2>/dev/null | awk '{ print $1; exit }' | grep .
}

# Is a login over TLS, verified against our CA for 127.0.0.1, encrypted?
pg_tls_login() {
    PGSSLMODE=verify-full PGSSLROOTCERT="$TLS_DIR/ca.pem" PGPASSWORD=$DB_PASS PGCONNECT_TIMEOUT=5 \
        psql -X -q -t -A -h 127.0.0.1 -p "$(svc postgresql port)" -U "$DB_USER" -d "$DB_NAME" \
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

stop_postgresql() {
    local dir="$STATE_DIR/postgresql" c port
    port=$(svc postgresql port)
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
    elif listening "$port"; then
        echo "postgresql: listening on $port but not started by this script; left alone"
    else
        echo "postgresql: not running"
    fi
}
