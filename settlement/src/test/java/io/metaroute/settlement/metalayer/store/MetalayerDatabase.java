package io.metaroute.settlement.metalayer.store;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import org.flywaydb.core.Flyway;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, database {@code test}) in a schema of the test's own,
 * named after {@code metaroute.it.schema} (default {@code metaroute_it}) and a suffix, emptied and
 * migrated with the Metalayer migrations the service runs.
 */
public final class MetalayerDatabase {
    private MetalayerDatabase() {
    }

    public static String schema(String suffix) {
        return System.getProperty("metaroute.it.schema", "metaroute_it") + "_" + suffix;
    }

    /** A fresh, migrated schema and connections that work in it. */
    public static ConnectionFactory fresh(String suffix) {
        String schema = schema(suffix);
        var flyway = Flyway.configure().dataSource("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")
                .schemas(schema).createSchemas(true).cleanDisabled(false)
                .locations("classpath:db/metalayer").table("flyway_metalayer_history").load();
        flyway.clean();
        flyway.migrate();
        return connect(schema);
    }

    /** Connections into an existing schema. */
    public static ConnectionFactory connect(String schema) {
        // pooled, as the service's connections are: opening one per statement costs more than the statement
        return new ConnectionPool(ConnectionPoolConfiguration.builder(new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration
                .builder().host("127.0.0.1").port(5432).database("test").username("postgres").schema(schema).build()))
                .initialSize(2).maxSize(16).build());
    }
}
