package io.metaroute.api.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The zero-configuration default: when no {@code spring.r2dbc.url} is configured, start a real
 * PostgreSQL in a temporary directory for this process. Its data lives as long as the process,
 * like the embedded devnet it goes with; point {@code spring.r2dbc.url} at a server to keep it.
 */
public final class EmbeddedPostgresDefault implements EnvironmentPostProcessor {
    private static EmbeddedPostgres running;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.containsProperty("spring.r2dbc.url") && !env.getProperty("spring.r2dbc.url", "").isBlank()) {
            return;
        }
        int port = start().getPort();
        env.getPropertySources().addLast(new MapPropertySource("metaroute-embedded-postgres", Map.of(
                "spring.r2dbc.url", "r2dbc:postgresql://127.0.0.1:" + port + "/postgres",
                "spring.r2dbc.username", "postgres",
                "spring.r2dbc.password", "")));
    }

    private static synchronized EmbeddedPostgres start() {
        if (running == null) {
            try {
                running = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL; configure spring.r2dbc.url", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    running.close();
                } catch (IOException ignored) {
                    // the process is ending anyway
                }
            }, "embedded-postgres-stop"));
            System.out.println("Metaroute: embedded PostgreSQL on 127.0.0.1:" + running.getPort());
        }
        return running;
    }
}
