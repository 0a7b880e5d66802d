package io.metaroute.bench.market;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.MetarouteApplication;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.token.Token;
import io.metaroute.devnet.Devnet;
import io.metaroute.quotefeeds.market.MarketStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.Disposable;

/**
 * Pool event to WebSocket client, end to end through the service: the zero-configuration service
 * (in this JVM, on a devnet of its own, execution off) serves {@code ws /v1/stream} to
 * {@code subscribers} JDK WebSocket clients, each following one of the best routes of a few pairs
 * on every rollup (round robin). A driver thread applies {@code rate} pool updates a second to the
 * service's own {@link MarketStore}, where the collectors' updates go (one pool per version, its
 * reserves moved by up to 1e-5 of what the chain holds), so every standing quote is solved again and
 * every subscription sends its conflated updates. Each route update a client receives is timed
 * from the moment the market published the version it was solved on to its arrival at the client
 * (one clock: the same process). The first {@code warmup} seconds are not recorded.
 *
 * <pre>
 * java -cp BENCH_CLASSPATH io.metaroute.bench.market.StreamFanoutBenchmark [subscribers=1000] [rate=5000] \
 *     [seconds=30] [warmup=10] [pairs=4] [maxUpdatesPerSecond=4]
 * </pre>
 */
public final class StreamFanoutBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamFanoutBenchmark() {
    }

    public static void main(String[] args) {
        io.metaroute.bench.BenchMain.run(args, StreamFanoutBenchmark::run);
    }

    private static void run(String all) throws Exception {
        java.util.function.ToLongBiFunction<String, Long> option = (name, fallback) ->
                Long.parseLong(io.metaroute.bench.BenchMain.option(all, name, String.valueOf(fallback)));
        int subscribers = (int) option.applyAsLong("subscribers", 1000L);
        int rate = (int) option.applyAsLong("rate", 5000L);
        int seconds = (int) option.applyAsLong("seconds", 30L);
        int warmup = (int) option.applyAsLong("warmup", 10L);
        int pairs = (int) option.applyAsLong("pairs", 4L);
        int maxUpdates = (int) option.applyAsLong("maxUpdatesPerSecond", 4L);
        String schema = "bench_fanout_" + Instant.now().getEpochSecond();
        System.out.printf("stream fan-out: %d subscribers, %d pool updates/s, %d s after %d s warm-up, %d pairs per rollup,"
                + " at most %d updates/s per subscription%n", subscribers, rate, seconds, warmup, pairs, maxUpdates);
        try (Devnet devnet = Devnet.start()) {
            var app = start(devnet, schema, subscribers, maxUpdates);
            try {
                measure(app, devnet, subscribers, rate, seconds, warmup, pairs);
            } finally {
                app.close();
                io.metaroute.bench.BenchMain.dropSchema(schema);
            }
        }
    }

    private static ConfigurableApplicationContext start(Devnet devnet, String schema, int subscribers, int maxUpdates) {
        var application = new SpringApplication(MetarouteApplication.class);
        var args = new ArrayList<>(io.metaroute.bench.BenchMain.serviceArgs(schema));
        args.add("--metaroute.network.file=" + devnet.descriptionFile().toAbsolutePath());
        args.add("--metaroute.stream.max-updates-per-second=" + maxUpdates);
        return application.run(args.toArray(String[]::new));
    }

    private static void measure(ConfigurableApplicationContext app, Devnet devnet, int subscribers, int rate, int seconds,
                                int warmup, int pairs) throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        MarketStore market = app.getBean(MarketStore.class);
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (market.current().pools().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        List<PoolState> base = List.copyOf(market.current().pools().values());
        if (base.isEmpty()) {
            throw new IllegalStateException("the service read no pools within 60 s");
        }
        Map<Long, Long> published = new ConcurrentHashMap<>();
        Disposable versions = market.snapshots().subscribe(s -> published.putIfAbsent(s.version(), System.nanoTime()));

        List<Map<String, Object>> routes = routes(devnet, pairs);
        var recorder = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
        var recording = new java.util.concurrent.atomic.AtomicBoolean();
        var received = new AtomicLong();
        var unknown = new AtomicLong();
        var http = HttpClient.newHttpClient();
        var clients = new ArrayList<WebSocket>(subscribers);
        var subscribed = new java.util.concurrent.CountDownLatch(subscribers);
        for (int i = 0; i < subscribers; i++) {
            var route = new LinkedHashMap<>(routes.get(i % routes.size()));
            route.put("op", "subscribe");
            route.put("id", "r" + i);
            var listener = new Listener(published, recorder, recording, received, unknown, subscribed);
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/v1/stream"), listener).get(30, TimeUnit.SECONDS);
            ws.sendText(JSON.writeValueAsString(route), true).get(10, TimeUnit.SECONDS);
            clients.add(ws);
        }
        if (!subscribed.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(subscribed.getCount() + " of " + subscribers + " subscriptions not confirmed in 60 s");
        }
        System.out.printf("%d clients subscribed to %d distinct routes on %d pools%n", subscribers, routes.size(), base.size());

        var driver = new Driver(market, base, rate);
        var thread = new Thread(driver, "pool-updates");
        thread.setDaemon(true);
        thread.start();
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
        recorder.getIntervalHistogram(); // drop the warm-up
        double sent0 = count(meters, "metaroute.stream.updates.sent");
        double conflated0 = count(meters, "metaroute.stream.conflated");
        double dropped0 = count(meters, "metaroute.stream.dropped");
        long received0 = received.get();
        long applied0 = driver.applied.get();
        var os = ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        long t0 = System.nanoTime();
        recording.set(true);
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        recording.set(false);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long cpu = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() - cpu0;
        driver.stop = true;
        var h = recorder.getIntervalHistogram();
        long applied = driver.applied.get() - applied0;
        System.out.printf(Locale.ROOT, "pool updates applied: %.0f/s (asked %d/s); route updates received by clients: %.0f/s%n",
                applied / elapsed, rate, (received.get() - received0) / elapsed);
        System.out.printf(Locale.ROOT, "server: sent %.0f/s, conflated %.0f/s, dropped %.0f; process CPU %.2f of %d cores%n",
                (count(meters, "metaroute.stream.updates.sent") - sent0) / elapsed,
                (count(meters, "metaroute.stream.conflated") - conflated0) / elapsed,
                count(meters, "metaroute.stream.dropped") - dropped0, cpu / 1e9 / elapsed,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "version published -> client: n %d, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms,"
                        + " max %.1f ms (%d updates of versions not seen)%n", h.getTotalCount(),
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6, unknown.get());
        versions.dispose();
        for (WebSocket ws : clients) {
            ws.abort();
        }
    }

    /** On every rollup, its first token against the next {@code pairs / 2} tokens, both ways, one whole token in. */
    private static List<Map<String, Object>> routes(Devnet devnet, int pairs) {
        var out = new ArrayList<Map<String, Object>>();
        for (Rollup r : devnet.network().rollups()) {
            List<Token> tokens = r.tokens();
            for (int k = 1; k <= Math.max(1, pairs / 2) && k < tokens.size(); k++) {
                for (Token[] way : List.of(new Token[] {tokens.get(0), tokens.get(k)}, new Token[] {tokens.get(k), tokens.get(0)})) {
                    var m = new LinkedHashMap<String, Object>();
                    m.put("channel", "route");
                    m.put("chainId", r.chainId().value());
                    m.put("tokenIn", way[0].address().checksummed());
                    m.put("tokenOut", way[1].address().checksummed());
                    m.put("amountIn", BigInteger.TEN.pow(way[0].decimals()).toString());
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static double count(MeterRegistry meters, String name) {
        return meters.find(name).counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    /** Applies {@code rate} pool updates a second, paced by the clock, each its own market version. */
    private static final class Driver implements Runnable {
        final MarketStore market;
        final List<PoolState> base;
        final int rate;
        final AtomicLong applied = new AtomicLong();
        final java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        volatile boolean stop;

        Driver(MarketStore market, List<PoolState> base, int rate) {
            this.market = market;
            this.base = base;
            this.rate = rate;
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            long done = 0;
            while (!stop) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                while (done < due && !stop) {
                    PoolState p = base.get((int) (done % base.size()));
                    market.set(List.of(moved(p)));
                    applied.incrementAndGet();
                    done++;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            }
        }

        /** The pool with each reserve moved by up to 1e-5 of itself. */
        private PoolState moved(PoolState p) {
            return new PoolState(p.chain(), p.address(), p.token0(), p.token1(), nudge(p.reserve0()), nudge(p.reserve1()),
                    p.blockNumber());
        }

        private BigInteger nudge(BigInteger r) {
            BigInteger step = r.divide(BigInteger.valueOf(100_000));
            if (step.signum() == 0) {
                return r;
            }
            long k = random.nextLong(-1_000, 1_001);
            return r.add(step.multiply(BigInteger.valueOf(k)).divide(BigInteger.valueOf(1_000)));
        }
    }

    /** One client: confirms its subscription, times each route update from its version's publication. */
    private static final class Listener implements WebSocket.Listener {
        private final Map<Long, Long> published;
        private final Recorder recorder;
        private final java.util.concurrent.atomic.AtomicBoolean recording;
        private final AtomicLong received;
        private final AtomicLong unknown;
        private final java.util.concurrent.CountDownLatch subscribed;
        private final StringBuilder text = new StringBuilder();

        Listener(Map<Long, Long> published, Recorder recorder, java.util.concurrent.atomic.AtomicBoolean recording,
                 AtomicLong received, AtomicLong unknown, java.util.concurrent.CountDownLatch subscribed) {
            this.published = published;
            this.recorder = recorder;
            this.recording = recording;
            this.received = received;
            this.unknown = unknown;
            this.subscribed = subscribed;
        }

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long at = System.nanoTime();
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    JsonNode m = JSON.readTree(message);
                    String type = m.path("type").asText();
                    if (type.equals("subscribed")) {
                        subscribed.countDown();
                    } else if (type.equals("route")) {
                        received.incrementAndGet();
                        Long sent = published.get(m.path("snapshotVersion").asLong(-1));
                        if (sent == null) {
                            unknown.incrementAndGet();
                        } else if (recording.get()) {
                            recorder.recordValue(Math.max(0, at - sent));
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("not JSON from the server: " + message, e);
                }
            }
            ws.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }
}
