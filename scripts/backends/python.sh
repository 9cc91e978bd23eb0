# shellcheck shell=bash
# Sourced by scripts/backends.sh: Debian's python3-tooz and the client modules
# its drivers need, for the Python interop tests. Nothing to start.
service python port=- aliases=py \
    packages="python3-tooz python3-kazoo python3-redis python3-pymemcache python3-psycopg2 python3-pymysql python3-etcd3gw python3-etcd3" \
    log="$STATE_DIR/apt.log"

SYS_PYTHON=/usr/bin/python3
PY_MODULES=(tooz kazoo redis pymemcache psycopg2 pymysql etcd3gw etcd3)

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

ready_python() {
    python_check >/dev/null || {
        log "python: $SYS_PYTHON cannot import ${PY_MODULES[*]}: $(python_check || true)"
        return 1
    }
}

probe_python() {
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
}
