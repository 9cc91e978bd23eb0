package io.tooz.spring.boot;

class MemoryTwoInstancesTest extends TwoInstancesTest {
    private final String url = "memory://two-" + System.nanoTime();

    @Override
    String url() {
        return url;
    }
}
