# shellcheck shell=bash
# Sourced by scripts/backends.sh: the service table, and the start/stop/wait that every service shares.

log() { printf '[backends] %s\n' "$*" >&2; }
die() { printf '[backends] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------
# the service table
# ---------------------------------------------------------------------------
# Each service file adds one row: `service NAME field=value...`, in the order
# of ALL_SERVICES (the default service list). Fields:
#   port       TCP port on 127.0.0.1 ("-": nothing to start, e.g. python)
#   aliases    other names accepted on the command line
#   packages   Debian packages `up` installs; the first one's version is shown
#              when the server does not tell its own
#   log        where to look when something goes wrong (or a log_NAME hook)
#   pidfile    pid file of the running daemon (empty: not tracked by pid)
#   signature  a string that the command line of the daemon in that pid file
#              contains, so that a pid file whose pid was reused is not trusted
#   launcher   pid file of the process `launch` started, which wait_ready
#              watches to fail early if it dies (empty: not watched)
#   tls_user   OS user that gets its own copy of the TLS server key
# and may define these hooks (NAME = the service):
#   start_NAME PORT     start it; prints "started (...)" or "starting (...)"
#   ok_NAME PORT        does it answer its protocol?
#   version_NAME PORT   its version as the server reports it (may print nothing)
#   provision_NAME      after it is ready: create users, databases, TLS
#   login_NAME          log in as the test user and print the server version
#   stop_NAME           instead of stopping the daemon in its pid file
#   ready_NAME          instead of waiting for its port and ok_NAME
#   probe_NAME          instead of the port/ok/version status probe
#   ours_NAME           prints what `up` started, if it did (default: the pid)
#   tls_restart_NAME    true if the running daemon must restart to use TLS
#   log_NAME            prints its log path, instead of the log field
declare -A SVC=()
ALL_SERVICES=()

service() { # name field=value...
    local name=$1 kv
    shift
    ALL_SERVICES+=("$name")
    for kv in "$@"; do
        SVC[$name.${kv%%=*}]=${kv#*=}
    done
}

svc() { echo "${SVC[$1.$2]:-}"; } # name field

has_hook() { declare -F "$1" >/dev/null; }

log_of() {
    if has_hook "log_$1"; then
        "log_$1"
    else
        svc "$1" log
    fi
}

normalize_name() {
    local s a
    for s in "${ALL_SERVICES[@]}"; do
        for a in "$s" $(svc "$s" aliases); do
            if [[ "$1" == "$a" ]]; then
                echo "$s"
                return 0
            fi
        done
    done
    die "unknown service '$1' (known: ${ALL_SERVICES[*]})"
}

# ---------------------------------------------------------------------------
# probes
# ---------------------------------------------------------------------------
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

# ---------------------------------------------------------------------------
# processes
# ---------------------------------------------------------------------------
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

# Is the daemon in the service's pid file alive? (its pid file and signature)
daemon_alive() { pid_alive "$(svc "$1" pidfile)" "$(svc "$1" signature)"; }

# What `up` started of a running service, if it did: "pid N" by default.
ours() {
    if has_hook "ours_$1"; then
        "ours_$1"
        return
    fi
    local pidf
    pidf=$(svc "$1" pidfile)
    if [[ -n "$pidf" ]] && daemon_alive "$1"; then
        echo "pid $(<"$pidf")"
    else
        return 1
    fi
}

# For start_NAME: prints "starting (pid N)" and succeeds if the daemon of an
# earlier `up` runs but does not listen yet.
already_starting() {
    daemon_alive "$1" || return 1
    echo "starting (pid $(<"$(svc "$1" pidfile)"))"
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

# For start_NAME: spawn the daemon, record its pid in the service's launcher
# pid file and say so.
launch() { # name logfile cmd...
    local name=$1 pid
    shift
    pid=$(spawn "$@")
    echo "$pid" >"$(svc "$name" launcher)"
    echo "started (pid $pid)"
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

# Wait until the service answers (its ready_NAME hook, or its port and ok_NAME).
ready() {
    if has_hook "ready_$1"; then
        "ready_$1"
        return
    fi
    local port
    port=$(svc "$1" port)
    wait_ready "$1" "$port" "$(svc "$1" launcher)" "ok_$1" "$port"
}

# Stop a process: TERM (unless $3 is a command that asks it to stop, and
# succeeds), a bounded wait, then KILL.
terminate() { # name pid [stop-cmd...]
    local name=$1 pid=$2 i
    shift 2
    if (($# == 0)) || ! "$@" >/dev/null 2>&1; then
        kill -TERM "$pid" 2>/dev/null || true
    fi
    for ((i = 0; i < WAIT_SECS * 2; i++)); do
        proc_running "$pid" || break
        sleep 0.5
    done
    if proc_running "$pid"; then
        if (($# == 0)); then
            log "$name (pid $pid) ignored SIGTERM for ${WAIT_SECS}s; sending SIGKILL"
        else
            log "$name (pid $pid) did not stop within ${WAIT_SECS}s; sending SIGKILL"
        fi
        kill -KILL "$pid" 2>/dev/null || true
    fi
}

# Stop the daemon in the service's pid file, or say why not.
stop_pidfile() { # name
    local name=$1 pidf pid port
    pidf=$(svc "$name" pidfile)
    port=$(svc "$name" port)
    if ! daemon_alive "$name"; then
        rm -f "$pidf"
        if listening "$port"; then
            echo "$name: still listening on $port but not started by this script; left alone"
        else
            echo "$name: not running"
        fi
        return 0
    fi
    pid=$(<"$pidf")
    terminate "$name" "$pid"
    rm -f "$pidf"
    echo "$name: stopped (pid $pid)"
}

stop() {
    if has_hook "stop_$1"; then
        "stop_$1"
    else
        stop_pidfile "$1"
    fi
}

need_root() {
    [[ $EUID -eq 0 ]] || die "'$1' must run as root (it installs packages and starts daemons)"
}
