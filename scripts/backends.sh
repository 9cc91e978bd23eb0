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
# (`help` prints lines 2-22 above.) The work is done in scripts/backends/: lib.sh (the
# service table and the shared start/stop/wait), apt.sh, tls.sh, commands.sh, and one
# file per service that adds its row to the table and its hooks.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

STATE_DIR="${TOOZ_BACKENDS_DIR:-/tmp/tooz-backends}"
WAIT_SECS="${TOOZ_BACKENDS_WAIT:-60}"
# Fixed credentials of the throw-away test databases (documented in docs/backends.md).
DB_USER=tooz
DB_NAME=tooz
DB_PASS=tooz
# MariaDB only: a user that must also present the client certificate tls/client.pem (REQUIRE X509).
DB_X509_USER=tooz_x509

export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"

BACKENDS_LIB="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)/backends"
# shellcheck source=backends/lib.sh
source "$BACKENDS_LIB/lib.sh"
# shellcheck source=backends/apt.sh
source "$BACKENDS_LIB/apt.sh"
# shellcheck source=backends/tls.sh
source "$BACKENDS_LIB/tls.sh"
# shellcheck source=backends/zookeeper.sh
source "$BACKENDS_LIB/zookeeper.sh"
# shellcheck source=backends/redis.sh
source "$BACKENDS_LIB/redis.sh"
# shellcheck source=backends/postgresql.sh
source "$BACKENDS_LIB/postgresql.sh"
# shellcheck source=backends/mysql.sh
source "$BACKENDS_LIB/mysql.sh"
# shellcheck source=backends/etcd.sh
source "$BACKENDS_LIB/etcd.sh"
# shellcheck source=backends/memcached.sh
source "$BACKENDS_LIB/memcached.sh"
# shellcheck source=backends/python.sh
source "$BACKENDS_LIB/python.sh"
# shellcheck source=backends/commands.sh
source "$BACKENDS_LIB/commands.sh"

main "$@"
