package io.tooz.driver.file;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a file driver was configured with.
 *
 * @param scheme {@code file} or {@code ipc}
 * @param directory the shared root directory
 * @param timeout how long a member lives without a heartbeat
 * @param ipc whether this is {@code ipc://}
 */
record FileSettings(String scheme, Path directory, Duration timeout, boolean ipc) {}
