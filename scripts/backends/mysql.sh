# shellcheck shell=bash
# Sourced by scripts/backends.sh: MariaDB, Debian's datadir /var/lib/mysql, pid
# and logs in the state dir. openssl: `up` makes its TLS certificates.
service mysql port=3306 aliases=mariadb packages="mariadb-server openssl" tls_user=mysql \
    log="$STATE_DIR/mysql/mariadb.log" \
    pidfile="$STATE_DIR/mysql/mariadb.pid" \
    signature="--pid-file=$STATE_DIR/mysql/mariadb.pid" \
    launcher="$STATE_DIR/mysql/launcher.pid"

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

# The root client over the unix socket (root@localhost authenticates with unix_socket on Debian).
my_root() { "$(my_bin mariadb mysql)" --protocol=socket --socket="$MY_SOCKET" -uroot "$@"; }

start_mysql() {
    local port=$1 dir="$STATE_DIR/mysql" server
    already_starting mysql && return 0
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
    launch mysql "$dir/mariadb.out" "$server" --user=mysql \
        --bind-address=127.0.0.1 --port="$port" --socket="$MY_SOCKET" \
        --pid-file="$dir/mariadb.pid" --log-error="$dir/mariadb.log" \
        --ssl-ca="$TLS_DIR/ca.pem" --ssl-cert="$TLS_DIR/server.pem" --ssl-key="$(tls_key_of mysql)"
}

ok_mysql() { "$(my_bin mariadb-admin mysqladmin)" --protocol=socket --socket="$MY_SOCKET" -uroot --connect-timeout=2 ping; }

provision_mysql() {
    # SQL on stdin, so the password never appears on a command line.
    my_root >/dev/null <<SQL ||
CREATE DATABASE IF NOT EXISTS \`$DB_NAME\`;
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
ALTER USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'localhost';
GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'127.0.0.1';
CREATE USER IF NOT EXISTS '$DB_X509_USER'@'localhost' IDENTIFIED BY '$DB_PASS' REQUIRE X509;
CREATE USER IF NOT EXISTS '$DB_X509_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS' REQUIRE X509;
ALTER USER '$DB_X509_USER'@'localhost' IDENTIFIED BY '$DB_PASS' REQUIRE X509;
ALTER USER '$DB_X509_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS' REQUIRE X509;
GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_X509_USER'@'localhost';
GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_X509_USER'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
        die "mysql: creating user/database '$DB_USER' failed (connecting as root over $MY_SOCKET)"
    login_mysql >/dev/null || die "mysql: login as '$DB_USER' over 127.0.0.1:$(svc mysql port) failed"
    tls_mysql
    my_x509_login ||
        die "mysql: a login as '$DB_X509_USER' with the client certificate $TLS_DIR/client.pem fails; see $(log_of mysql)"
}

# Does the REQUIRE X509 user log in over TCP with the client certificate?
my_x509_login() {
    local cli
    cli=$(my_bin mariadb mysql) || return 1
    MYSQL_PWD=$DB_PASS "$cli" --protocol=tcp -h 127.0.0.1 -P "$(svc mysql port)" -u "$DB_X509_USER" \
        --connect-timeout=5 --ssl-ca="$TLS_DIR/ca.pem" --ssl-verify-server-cert \
        --ssl-cert="$TLS_DIR/client.pem" --ssl-key="$TLS_DIR/client.key" -N -B -e 'SELECT 1' "$DB_NAME" \
        2>/dev/null | grep -qx 1
}

# Log in as the test user over TCP; print the server version.
login_mysql() {
    my_user_query -N -B -e 'SELECT VERSION()' | sed 's/-.*//' | grep .
}

# Run the client as the test user over TCP, with these options, in the test database.
my_user_query() { # client options...
    local cli
    cli=$(my_bin mariadb mysql) || return 1
    MYSQL_PWD=$DB_PASS "$cli" --protocol=tcp -h 127.0.0.1 -P "$(svc mysql port)" -u "$DB_USER" --connect-timeout=5 \
        "$@" "$DB_NAME" 2>/dev/null
}

# Does the running server have TLS on, with our certificate and key?
my_tls_on() {
    local out
    out=$(my_root -N -B -e "SELECT @@have_ssl, @@ssl_cert, @@ssl_key" 2>/dev/null) || return 1
    [[ "$out" == "YES"$'\t'"$TLS_DIR/server.pem"$'\t'"$(tls_key_of mysql)" ]]
}

# Is a login over TLS, verified against our CA for 127.0.0.1, encrypted?
my_tls_login() {
    my_user_query --ssl --ssl-ca="$TLS_DIR/ca.pem" --ssl-verify-server-cert \
        -N -B -e "SHOW SESSION STATUS LIKE 'Ssl_cipher'" | awk '$2 != "" { ok = 1 } END { exit !ok }'
}

# `up` (re)starts our server with --ssl-*. If a TLS login still fails, the
# certificates were renewed while it ran, and FLUSH SSL makes it re-read them.
tls_mysql() {
    my_tls_login && return 0
    if my_tls_on; then
        my_root -e 'FLUSH SSL' >/dev/null 2>&1 || true
        my_tls_login && return 0
        die "mysql: a TLS login (--ssl-ca=$TLS_DIR/ca.pem --ssl-verify-server-cert) fails; see $(log_of mysql)"
    fi
    if daemon_alive mysql; then
        die "mysql: started with --ssl-cert=$TLS_DIR/server.pem but have_ssl is not YES; see $(log_of mysql)"
    fi
    die "mysql: the server on 127.0.0.1:$(svc mysql port) has no TLS with $TLS_DIR/server.pem and was not started by this script; stop it and run '$0 up mysql' again"
}

# Our MariaDB runs without TLS (started by an older version of this script): `up` restarts it.
tls_restart_mysql() {
    if ! listening "$(svc mysql port)" || ! daemon_alive mysql || ! (ready mysql) || my_tls_on; then
        return 1
    fi
    log "mysql: running without TLS; restarting it with --ssl-ca, --ssl-cert, --ssl-key"
}

my_shutdown() { "$(my_bin mariadb-admin mysqladmin)" --protocol=socket --socket="$MY_SOCKET" -uroot shutdown; }

stop_mysql() {
    local dir="$STATE_DIR/mysql" pid port
    port=$(svc mysql port)
    if ! daemon_alive mysql; then
        rm -f "$dir/launcher.pid"
        if listening "$port"; then
            echo "mysql: listening on $port but not started by this script; left alone"
        else
            echo "mysql: not running"
        fi
        return 0
    fi
    pid=$(<"$dir/mariadb.pid")
    terminate mysql "$pid" my_shutdown
    rm -f "$dir/mariadb.pid" "$dir/launcher.pid"
    echo "mysql: stopped (pid $pid)"
}
