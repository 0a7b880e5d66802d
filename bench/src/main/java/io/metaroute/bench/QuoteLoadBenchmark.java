package io.metaroute.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.api.MetarouteApplication;
import io.metaroute.api.config.NetworkConfig.NetworkContext;
import io.metaroute.bench.LoadDriver.PhaseResult;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.token.Token;
import io.metaroute.quotefeeds.market.MarketStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code POST /v1/quotes} under load on the large market: the service in this JVM on its own devnet at
 * the scale option ({@code tokens} tokens and {@code pools} pools on each of its 3 rollups), execution
 * off; requests for random same-rollup pairs at random sizes (1 to 1,000 whole tokens of the input),
 * each a fresh solve. A closed-loop phase finds what the machine serves, then open-loop phases offer
 * each rate in {@code rates} for {@code seconds} (latency from each request's intended send time, so a
 * server that falls behind shows it). Answers other than 200 are errors (a pair with no route, say).
 *
 * <pre>
 * java -cp BENCH_CLASSPATH io.metaroute.bench.QuoteLoadBenchmark [tokens=50] [pools=500] [seconds=10] \
 *     [rates=100,200,400,2000] [inFlight=256] [closed=16]
 * </pre>
 */
public final class QuoteLoadBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The devnet's first funded account: quotes are for a user, who need hold nothing to be quoted. */
    private static final String USER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    private QuoteLoadBenchmark() {
    }

    public static void main(String[] args) {
        io.metaroute.bench.BenchMain.run(args, QuoteLoadBenchmark::run);
    }

    private static void run(String all) throws Exception {
        int tokens = Integer.parseInt(BenchMain.option(all, "tokens", "50"));
        int pools = Integer.parseInt(BenchMain.option(all, "pools", "500"));
        int seconds = Integer.parseInt(BenchMain.option(all, "seconds", "10"));
        int inFlight = Integer.parseInt(BenchMain.option(all, "inFlight", "256"));
        int closed = Integer.parseInt(BenchMain.option(all, "closed", "16"));
        List<Integer> rates = java.util.Arrays.stream(BenchMain.option(all, "rates", "100,200,400,2000").split(","))
                .map(Integer::parseInt).toList();
        String schema = "bench_quotes_" + Instant.now().getEpochSecond();
        var dataDir = Files.createTempDirectory("metaroute-quote-bench");
        System.out.printf("quote load: %d tokens and %d pools per rollup; closed loop %d in flight, then %s/s for %d s each%n",
                tokens, pools, closed, rates, seconds);
        long t0 = System.nanoTime();
        var args = new ArrayList<>(BenchMain.serviceArgs(schema));
        args.addAll(List.of("--metaroute.data-dir=" + dataDir, "--metaroute.devnet.scale.tokens=" + tokens,
                "--metaroute.devnet.scale.pools=" + pools));
        ConfigurableApplicationContext app = new SpringApplication(MetarouteApplication.class).run(args.toArray(String[]::new));
        try {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            var network = app.getBean(NetworkContext.class).network();
            MarketStore market = app.getBean(MarketStore.class);
            int expected = network.rollups().size() * pools;
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
            while (market.current().pools().size() < expected && System.nanoTime() < until) {
                Thread.sleep(200);
            }
            System.out.printf("service up in %.0f s with %d pools in its market%n", (System.nanoTime() - t0) / 1e9,
                    market.current().pools().size());
            int total = closed * 200 + rates.stream().mapToInt(r -> r * seconds).sum();
            byte[][] bodies = bodies(network.rollups(), total + 2_000, USER);
            var runs = new ArrayList<PhaseResult>();
            try (var driver = new LoadDriver(port, Math.max(inFlight, closed), "/v1/quotes", 200)) {
                int next = 0;
                PhaseResult warm = driver.run(bodies, next, 2_000, closed, 0);
                next += 2_000;
                System.out.println("warm-up (not recorded): " + ResultWriter.summaryLine(warm));
                PhaseResult capacity = driver.run(bodies, next, closed * 200, closed, 0);
                next += closed * 200;
                runs.add(capacity);
                System.out.println(ResultWriter.summaryLine(capacity) + "\n  errors: " + capacity.errorSamples());
                for (int rate : rates) {
                    Thread.sleep(1_000);
                    PhaseResult r = driver.run(bodies, next, rate * seconds, inFlight, rate);
                    next += rate * seconds;
                    runs.add(r);
                    System.out.println(ResultWriter.summaryLine(r) + "\n  errors: " + r.errorSamples());
                }
            }
        } finally {
            app.close();
            BenchMain.dropSchema(schema);
        }
    }

    /** Quote requests for random pairs of one rollup's tokens, 1 to 1,000 whole tokens in, from a fixed user. */
    private static byte[][] bodies(List<Rollup> rollups, int count, String user) throws Exception {
        var random = new SplittableRandom(7);
        byte[][] out = new byte[count][];
        for (int i = 0; i < count; i++) {
            Rollup r = rollups.get(random.nextInt(rollups.size()));
            List<Token> tokens = r.tokens();
            Token in = tokens.get(random.nextInt(tokens.size()));
            Token outToken;
            do {
                outToken = tokens.get(random.nextInt(tokens.size()));
            } while (outToken.equals(in));
            var m = new LinkedHashMap<String, Object>();
            m.put("chainId", r.chainId().value());
            m.put("tokenIn", in.address().checksummed());
            m.put("tokenOut", outToken.address().checksummed());
            m.put("amountIn", BigInteger.TEN.pow(in.decimals()).multiply(BigInteger.valueOf(1 + random.nextInt(1_000))).toString());
            m.put("slippageBps", 50);
            m.put("user", user);
            out[i] = JSON.writeValueAsString(m).getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }
}
