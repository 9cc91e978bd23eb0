/** The etcd v3 driver: {@code etcd3+http://}, {@code etcd3+https://}, {@code etcd3://} and {@code etcd://}. */
package io.tooz.driver.etcd;
