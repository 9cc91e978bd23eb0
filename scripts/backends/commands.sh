# shellcheck shell=bash
# Sourced by scripts/backends.sh: the subcommands, driven by the service table.

usage() {
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
}

fmt() { printf '%-10s %-6s %-5s %s\n' "$@"; }

provision() {
    if has_hook "provision_$1"; then
        "provision_$1"
    fi
}

# The version the server on $2 reports, else its first package's version.
version_of() { # name port
    local v packages
    v=$("version_$1" "$2")
    packages=$(svc "$1" packages)
    echo "${v:-$(pkg_version "${packages%% *}")}"
}

# state of one service: prints "up|down<TAB>detail"; returns 0 iff up.
probe() {
    local s=$1 port v
    if has_hook "probe_$s"; then
        "probe_$s"
        return
    fi
    port=$(svc "$s" port)
    if ! listening "$port"; then
        printf 'down\t-\n'
        return 1
    fi
    if has_hook "login_$s"; then
        v=$("login_$s") || v=""
        if [[ -z "$v" ]]; then
            printf 'up\tbut login as %s to database %s FAILED (run: %s up %s)\n' "$DB_USER" "$DB_NAME" "$0" "$s"
            return 1
        fi
        printf 'up\t%s (%s://%s:***@127.0.0.1:%s/%s ok)\n' "$v" "$s" "$DB_USER" "$port" "$DB_NAME"
        return 0
    fi
    if ! "ok_$s" "$port" >/dev/null 2>&1; then
        printf 'up\tport open but the service does not answer yet\n'
        return 1
    fi
    printf 'up\t%s\n' "$(version_of "$s" "$port")"
}

cmd_status() {
    local s out rc=0
    fmt SERVICE PORT STATE DETAIL
    for s in "$@"; do
        if out=$(probe "$s"); then :; else rc=1; fi
        fmt "$s" "$(svc "$s" port)" "${out%%$'\t'*}" "${out#*$'\t'}"
    done
    return "$rc"
}

cmd_up() {
    local t0=$SECONDS s out port started restarted failed=()
    declare -A note=()

    install_missing "$@"
    tls_prepare "$@"

    # 1) launch everything that is not listening yet (daemons start in parallel)
    for s in "$@"; do
        port=$(svc "$s" port)
        [[ $port == - ]] && continue
        restarted=0
        if has_hook "tls_restart_$s" && "tls_restart_$s"; then
            stop "$s" >/dev/null
            restarted=1
        fi
        if listening "$port"; then
            if started=$(ours "$s"); then
                note[$s]="already running ($started)"
            else
                note[$s]="already listening, not started by this script; left alone"
            fi
            continue
        fi
        if out=$("start_$s" "$port"); then
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
        (ready "$s" && provision "$s") || failed+=("$s")
    done

    # 3) summary
    fmt SERVICE PORT STATE DETAIL
    for s in "$@"; do
        if [[ " ${failed[*]} " == *" $s "* ]]; then
            fmt "$s" "$(svc "$s" port)" FAIL "${note[$s]:-} -- see $(log_of "$s")"
        else
            out=$(probe "$s") || true
            fmt "$s" "$(svc "$s" port)" "${out%%$'\t'*}" "${out#*$'\t'}${note[$s]:+ [${note[$s]}]}"
        fi
    done
    log "up finished in $((SECONDS - t0))s; state dir $STATE_DIR"
    ((${#failed[@]} == 0)) || die "not ready: ${failed[*]}"
}

cmd_down() {
    local s i
    # reverse order
    for ((i = $#; i >= 1; i--)); do
        s=${!i}
        [[ $(svc "$s" port) == - ]] && continue
        stop "$s"
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
