package io.tooz.spring.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** A real Spring Boot application in the test's JVM: auto-configuration, scheduling, the given beans and properties. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableScheduling
class TestApp {

    static ConfigurableApplicationContext start(Class<?> beans, String... properties) {
        return builder(beans, properties).run();
    }

    static SpringApplicationBuilder builder(Class<?> beans, String... properties) {
        return new SpringApplicationBuilder(TestApp.class, beans)
                .web(WebApplicationType.NONE)
                .bannerMode(org.springframework.boot.Banner.Mode.OFF)
                .properties("spring.main.register-shutdown-hook=false", "logging.level.io.tooz=info")
                .properties(properties);
    }

    /** A class with no beans, for an application of the auto-configuration alone. */
    @Configuration(proxyBeanMethods = false)
    static class Nothing {}

    static void run(String... args) {
        SpringApplication.run(TestApp.class, args);
    }
}
