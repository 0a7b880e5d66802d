package io.metaroute.api;

import io.metaroute.api.config.MetarouteProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The Metaroute service: HTTP API, quote feeds, routing and execution in one process. */
@SpringBootApplication
@EnableConfigurationProperties(MetarouteProperties.class)
public class MetarouteApplication {
    public static void main(String[] args) {
        SpringApplication.run(MetarouteApplication.class, args);
    }
}
