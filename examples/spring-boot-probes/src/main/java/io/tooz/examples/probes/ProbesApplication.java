package io.tooz.examples.probes;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The seed scenario of Tooz for Java in Spring Boot: 254 probe tasks every 2 s, split across however many instances
 * run against one backend. Start two with {@code --tooz.url=zookeeper://127.0.0.1:2181 --server.port=8081} and {@code
 * --server.port=8082}; see the README.
 */
@SpringBootApplication
public class ProbesApplication {
    public static void main(String[] args) {
        SpringApplication.run(ProbesApplication.class, args);
    }
}
