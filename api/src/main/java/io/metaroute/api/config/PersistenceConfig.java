package io.metaroute.api.config;

import io.metaroute.api.persistence.IntentRepository;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import org.springframework.boot.autoconfigure.r2dbc.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

@Configuration(proxyBeanMethods = false)
public class PersistenceConfig {

    /** Every R2DBC connection works in Metaroute's schema. */
    @Bean
    ConnectionFactoryOptionsBuilderCustomizer metarouteSchema(MetarouteProperties props) {
        return builder -> builder.option(PostgresqlConnectionFactoryProvider.SCHEMA, props.database().schema());
    }

    @Bean
    IntentRepository intentRepository(DatabaseClient db, TransactionalOperator tx, R2dbcProperties r2dbc, MetarouteProperties props) {
        SchemaMigrations.migrate(r2dbc, props.database());
        return new IntentRepository(db, tx);
    }
}
