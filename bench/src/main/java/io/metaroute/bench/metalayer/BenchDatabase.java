package io.metaroute.bench.metalayer;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.sql.DriverManager;
import org.flywaydb.core.Flyway;

/** A throw-away schema in the local PostgreSQL (127.0.0.1:5432/test, user postgres) with the Metalayer migrations. */
final class BenchDatabase {
    private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test";

    private BenchDatabase() {
    }

    static ConnectionFactory fresh(String schema) {
        Flyway.configure().dataSource(JDBC, "postgres", "").schemas(schema).createSchemas(true)
                .locations("classpath:db/metalayer").table("flyway_metalayer_history").load().migrate();
        // pooled, as the service's connections are: opening one per statement costs more than the statement
        return new ConnectionPool(ConnectionPoolConfiguration.builder(new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration
                .builder().host("127.0.0.1").port(5432).database("test").username("postgres").schema(schema).build()))
                .initialSize(2).maxSize(16).build());
    }

    static void drop(String schema) {
        try (var c = DriverManager.getConnection(JDBC, "postgres", ""); var s = c.createStatement()) {
            s.execute("drop schema if exists \"" + schema + "\" cascade");
        } catch (java.sql.SQLException e) {
            System.err.println("could not drop schema " + schema + ": " + e.getMessage());
        }
    }
}
