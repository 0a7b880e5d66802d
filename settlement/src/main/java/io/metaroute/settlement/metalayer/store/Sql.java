package io.metaroute.settlement.metalayer.store;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.nio.ByteBuffer;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Statements over an R2DBC {@link ConnectionFactory} (a pool in the service): one connection per
 * statement, released when the statement's results are consumed. Parameters bind by position
 * ({@code $1, $2, ...}); a {@code null} is bound as a null of the type given beside it.
 */
final class Sql {
    private final ConnectionFactory connections;

    Sql(ConnectionFactory connections) {
        this.connections = connections;
    }

    /** A null parameter of SQL type {@code type}. */
    record Null(Class<?> type) {
    }

    /** Rows updated. */
    Mono<Long> update(String sql, Object... params) {
        return Mono.usingWhen(Mono.from(connections.create()),
                c -> Flux.from(bind(c.createStatement(sql), params).execute()).flatMap(r -> Mono.from(r.getRowsUpdated()))
                        .reduce(0L, Long::sum),
                Connection::close);
    }

    <T> Flux<T> query(String sql, Function<Readable, T> row, Object... params) {
        return Flux.usingWhen(Mono.from(connections.create()),
                c -> Flux.from(bind(c.createStatement(sql), params).execute()).flatMap(r -> r.map((rw, meta) -> row.apply(rw))),
                Connection::close);
    }

    private static Statement bind(Statement s, Object[] params) {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Null n) {
                s.bindNull(i, n.type());
            } else if (p instanceof byte[] b) {
                s.bind(i, ByteBuffer.wrap(b));
            } else {
                s.bind(i, p);
            }
        }
        return s;
    }

    static byte[] bytes(Readable row, String column) {
        ByteBuffer b = row.get(column, ByteBuffer.class);
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
