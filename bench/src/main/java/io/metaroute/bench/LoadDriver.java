package io.metaroute.bench;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Drives {@code POST /v1/intents} (or another path) over loopback with reactor-netty, one connection per in-flight
 * request, on event loops of its own (not the server's). Every answer other than 202 (or the given
 * status) is an error.
 */
final class LoadDriver implements AutoCloseable {
    static final int ACCEPTED = 202;
    /** Status recorded for a request that got no HTTP answer at all (connection error, timeout). */
    static final int TRANSPORT_ERROR = -1;
    private static final long MAX_TRACKABLE_MICROS = TimeUnit.MINUTES.toMicros(2);
    /** Seconds of per-second timeline kept; answers after that land in the last bucket. */
    private static final int MAX_SECONDS = 600;

    private final LoopResources loops;
    private final ConnectionProvider pool;
    private final HttpClient client;
    private final int maxConnections;
    private final String path;
    private final int ok;

    /** One client for every phase, with up to {@code maxConnections} keep-alive connections. */
    LoadDriver(int port, int maxConnections) {
        this(port, maxConnections, "/v1/intents", ACCEPTED);
    }

    /** As above, posting to {@code path}; answers other than {@code ok} are errors. */
    LoadDriver(int port, int maxConnections, String path, int ok) {
        this.path = path;
        this.ok = ok;
        this.maxConnections = maxConnections;
        this.loops = LoopResources.create("bench-client", Math.max(1, Runtime.getRuntime().availableProcessors()), true);
        this.pool = ConnectionProvider.builder("bench")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofSeconds(60))
                .build();
        this.client = HttpClient.create(pool)
                .runOn(loops)
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                        .set(HttpHeaderNames.ACCEPT, "application/json, application/problem+json"));
    }

    /** Answers completed in one second of a phase, and their p99 and max latency. */
    record Second(int second, long completed, double p99Millis, double maxMillis) {
    }

    /** One measured (or warm-up) phase. */
    record PhaseResult(int concurrency, int offeredRate, int requests, long elapsedNanos, Histogram latencyMicros,
                       long accepted, Map<Integer, Long> statusCounts, Map<Integer, String> errorSamples,
                       CpuSample.Usage cpu, List<Second> timeline) {
        long errors() {
            return requests - accepted;
        }

        double throughputPerSecond() {
            return accepted * 1e9 / elapsedNanos;
        }
    }

    /**
     * Sends {@code bodies[from, from + count)}. With {@code rate == 0} the loop is closed: exactly
     * {@code concurrency} requests in flight, latency from send to answer. With {@code rate > 0} the
     * requests are offered on a fixed schedule (at most {@code concurrency} in flight) and latency is
     * counted from each request's intended send time, so a stalled server is not hidden
     * (no coordinated omission).
     */
    PhaseResult run(byte[][] bodies, int from, int count, int concurrency, int rate) {
        if (concurrency > maxConnections) {
            throw new IllegalArgumentException("concurrency " + concurrency + " exceeds the pool's " + maxConnections + " connections");
        }
        var histogram = new ConcurrentHistogram(MAX_TRACKABLE_MICROS, 3);
        var statusCounts = new ConcurrentHashMap<Integer, AtomicLong>();
        var samples = new ConcurrentHashMap<Integer, String>();
        var accepted = new AtomicLong();
        var perSecond = new ConcurrentHistogram[MAX_SECONDS];
        for (int i = 0; i < MAX_SECONDS; i++) {
            perSecond[i] = new ConcurrentHistogram(MAX_TRACKABLE_MICROS, 2);
        }
        // connections stay open between phases, as a long-lived client's would
        CpuSample cpuBefore = CpuSample.now();
        long start = System.nanoTime();
        Flux<Long> intendedStarts;
        if (rate <= 0) {
            intendedStarts = Flux.range(0, count).map(i -> 0L);
        } else {
            long periodNanos = 1_000_000_000L / rate;
            intendedStarts = Flux.interval(Duration.ofNanos(periodNanos)).take(count)
                    .map(tick -> start + (tick + 1) * periodNanos)
                    .onBackpressureBuffer();
        }
        var index = new AtomicLong(from);
        intendedStarts
                .flatMap(intended -> {
                    byte[] body = bodies[(int) index.getAndIncrement()];
                    return Mono.defer(() -> {
                        long sent = intended == 0L ? System.nanoTime() : intended;
                        return post(client, path, body).doOnNext(answer -> {
                            long done = System.nanoTime();
                            long micros = Math.max(1, Math.min((done - sent) / 1_000, MAX_TRACKABLE_MICROS));
                            histogram.recordValue(micros);
                            perSecond[(int) Math.min(MAX_SECONDS - 1, (done - start) / 1_000_000_000L)].recordValue(micros);
                            statusCounts.computeIfAbsent(answer.status(), k -> new AtomicLong()).incrementAndGet();
                            if (answer.status() == ok) {
                                accepted.incrementAndGet();
                            } else {
                                samples.putIfAbsent(answer.status(), abbreviate(answer.body()));
                            }
                        });
                    });
                }, concurrency, 1)
                .blockLast();
        long elapsed = System.nanoTime() - start;
        CpuSample.Usage cpu = CpuSample.now().since(cpuBefore);
        Map<Integer, Long> counts = new TreeMap<>();
        statusCounts.forEach((k, v) -> counts.put(k, v.get()));
        List<Second> timeline = new ArrayList<>();
        for (int i = 0; i < MAX_SECONDS; i++) {
            Histogram h = perSecond[i];
            if (h.getTotalCount() > 0) {
                timeline.add(new Second(i, h.getTotalCount(), h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0));
            }
        }
        return new PhaseResult(concurrency, rate, count, elapsed, histogram, accepted.get(), counts, new TreeMap<>(samples),
                cpu, timeline);
    }

    private record Answer(int status, String body) {
    }

    private static Mono<Answer> post(HttpClient client, String path, byte[] body) {
        return client.post()
                .uri(path)
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                .responseSingle((response, content) -> content.asString()
                        .defaultIfEmpty("")
                        .map(text -> new Answer(response.status().code(), text)))
                .onErrorResume(e -> Mono.just(new Answer(TRANSPORT_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage())));
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(10));
        loops.disposeLater().block(Duration.ofSeconds(10));
    }
}
