/** Failure injection for tests: pause heartbeats, expire sessions, take a memory:// backend down. */
package io.tooz.testing;
