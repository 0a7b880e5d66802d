package io.metaroute.api.config;

import java.net.URI;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcProperties;

/**
 * Runs the Flyway migrations over JDBC against the database the R2DBC URL names, before anything
 * reads or writes. The JDBC URL is derived, so one setting configures both. The service's own
 * migrations ({@code db/migration}) and the Metalayer's ({@code db/metalayer}, shipped by the
 * settlement module: signatures, snapshots, read attestations, the relayer's outbox) each keep
 * their own history table in the same schema, so neither numbering constrains the other.
 */
public final class SchemaMigrations {

    public static void migrate(R2dbcProperties r2dbc, MetarouteProperties.Database database) {
        URI uri = URI.create(r2dbc.getUrl().replaceFirst("^r2dbc:(pool:)?", ""));
        String jdbcUrl = "jdbc:" + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getPath();
        var flyway = Flyway.configure()
                .dataSource(jdbcUrl, r2dbc.getUsername(), r2dbc.getPassword() == null ? "" : r2dbc.getPassword())
                .schemas(database.schema())
                .createSchemas(true)
                .cleanDisabled(!database.cleanOnStart())
                .load();
        if (database.cleanOnStart()) {
            flyway.clean();
        }
        flyway.migrate();
        Flyway.configure()
                .dataSource(jdbcUrl, r2dbc.getUsername(), r2dbc.getPassword() == null ? "" : r2dbc.getPassword())
                .schemas(database.schema())
                .locations("classpath:db/metalayer")
                .table("flyway_metalayer_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    private SchemaMigrations() {
    }
}
