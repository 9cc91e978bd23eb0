/** The etcd v3 driver: {@code etcd3+http://} and {@code etcd3+https://}. */
package io.tooz.driver.etcd;
