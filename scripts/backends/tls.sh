# shellcheck shell=bash
# Sourced by scripts/backends.sh: TLS for PostgreSQL and MariaDB, a throw-away
# CA, one server certificate and one client certificate.
#
# ca.pem is what clients trust; server.pem names IP:127.0.0.1 and DNS:localhost.
# Each server reads its own copy of the key, owned by its OS user, mode 0600
# (PostgreSQL refuses a key that others can read). client.pem (CN tooz-x509) and
# client.key log in to MariaDB as the REQUIRE X509 user; the key is readable by
# all (0644), so that tests running as any user can present it.
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

# Do the client certificate and its key exist, belong together, chain to the
# CA, and stay valid for at least another day?
tls_client_valid() {
    local d=$TLS_DIR
    [[ -s "$d/client.pem" && -s "$d/client.key" ]] || return 1
    openssl verify -attime $((EPOCHSECONDS + 86400)) -purpose sslclient -CAfile "$d/ca.pem" "$d/client.pem" \
        >/dev/null 2>&1 || return 1
    [[ "$(openssl x509 -noout -pubkey -in "$d/client.pem" 2>/dev/null)" == \
        "$(openssl pkey -pubout -in "$d/client.key" 2>/dev/null)" ]]
}

# Make the client certificate (after tls_make) unless a valid one exists.
tls_make_client() {
    local d=$TLS_DIR tmp
    tls_client_valid && return 0
    tmp=$(mktemp -d "$d/.new.XXXXXX") || die "tls: cannot create a temporary directory in $d"
    if ! (
        cd "$tmp" &&
            openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj '/CN=tooz-x509' &&
            printf '%s\n' 'basicConstraints=CA:FALSE' 'keyUsage=critical,digitalSignature,keyEncipherment' \
                'extendedKeyUsage=clientAuth' >client.ext &&
            openssl x509 -req -in client.csr -CA "$d/ca.pem" -CAkey "$d/ca.key" \
                -set_serial "0x$(openssl rand -hex 8)" -days 3650 -extfile client.ext -out client.pem &&
            chmod 644 client.key client.pem
    ) >"$d/openssl.log" 2>&1; then
        rm -rf "$tmp"
        die "tls: making the client certificate with openssl failed; see $d/openssl.log"
    fi
    mv -f "$tmp/client.key" "$tmp/client.pem" "$d/"
    rm -rf "$tmp" "$d/openssl.log"
    log "tls: made a new client certificate ($d/client.pem, CN tooz-x509)"
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

# Before the services start: the certificates, and a key for each service's
# tls_user (the services in table order).
tls_prepare() { # services...
    local s users=()
    for s in "${ALL_SERVICES[@]}"; do
        if [[ " $* " == *" $s "* && -n "$(svc "$s" tls_user)" ]]; then
            users+=("$(svc "$s" tls_user)")
        fi
    done
    ((${#users[@]})) || return 0
    tls_make
    tls_make_client
    for s in "${users[@]}"; do
        tls_install_key "$s"
    done
}
