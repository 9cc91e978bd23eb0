package io.tooz.driver.memcached;

/**
 * A memcached release number, from the reply to {@code version}: what decides whether a connection may use the meta
 * commands for plain locks ({@code ms} with mode {@code E} and {@code c}, {@code ma}, {@code md C<cas>}), settled in
 * 1.6.10. Anything unparsable counts as older (the text commands every version knows).
 */
record MemcachedVersion(int major, int minor, int patch) implements Comparable<MemcachedVersion> {
    /** The first release whose meta protocol has every command and flag the lock path sends. */
    static final MemcachedVersion FULL_META = new MemcachedVersion(1, 6, 10);

    static final MemcachedVersion UNKNOWN = new MemcachedVersion(0, 0, 0);

    /** {@code 1.6.18}, {@code 1.6.9-rc1}, {@code 1.4.5}; {@link #UNKNOWN} if it does not start with numbers. */
    static MemcachedVersion parse(String version) {
        String[] parts = version.trim().split("[.\\-+ ]", 4);
        int[] n = new int[3];
        for (int i = 0; i < 3; i++) {
            if (i >= parts.length || !parts[i].matches("\\d{1,6}")) {
                return i == 0 ? UNKNOWN : new MemcachedVersion(n[0], n[1], n[2]);
            }
            n[i] = Integer.parseInt(parts[i]);
        }
        return new MemcachedVersion(n[0], n[1], n[2]);
    }

    @Override
    public int compareTo(MemcachedVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
