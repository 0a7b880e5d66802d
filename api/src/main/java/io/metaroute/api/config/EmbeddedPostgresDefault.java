package io.metaroute.api.config;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The zero-configuration default: when no {@code spring.r2dbc.url} is configured, start a real
 * PostgreSQL on {@code <metaroute.data-dir>/postgres} (see {@link DataDirectory}), fsync on, so
 * that what users did survives a restart or a crash of this process. It stops when the process
 * has ended, however it ended (its watchdog, see {@link DurablePostgres}, asks for a fast
 * shutdown): not from a shutdown hook, which would stop it while the application is still closing
 * its connections. Point {@code spring.r2dbc.url} at a server to use that instead.
 */
public final class EmbeddedPostgresDefault implements EnvironmentPostProcessor {
    private static DurablePostgres running;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.containsProperty("spring.r2dbc.url") && !env.getProperty("spring.r2dbc.url", "").isBlank()) {
            return;
        }
        int port = start(DataDirectory.prepare(env)).port();
        env.getPropertySources().addLast(new MapPropertySource("metaroute-embedded-postgres", Map.of(
                "spring.r2dbc.url", "r2dbc:postgresql://127.0.0.1:" + port + "/postgres",
                "spring.r2dbc.username", "postgres",
                "spring.r2dbc.password", "")));
    }

    private static synchronized DurablePostgres start(DataDirectory dir) {
        if (running == null) {
            running = DurablePostgres.start(dir.postgres());
            System.out.println("Metaroute: embedded PostgreSQL on 127.0.0.1:" + running.port() + ", data in " + dir.postgres());
        }
        return running;
    }
}
