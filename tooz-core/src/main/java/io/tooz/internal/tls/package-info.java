/**
 * TLS material as OpenSSL and Python's {@code ssl} module take it, for the drivers whose Python tooz options name PEM
 * files and OpenSSL cipher names (memcached, MySQL, Redis, ZooKeeper, etcd): certificates, private keys and CA
 * directories in PEM, and OpenSSL cipher names as Java's. Not API: exported only to those drivers' modules. Every
 * failure is a {@link io.tooz.ToozConfigurationException} that names the option and the file, never a password.
 */
@NullMarked
package io.tooz.internal.tls;

import org.jspecify.annotations.NullMarked;
