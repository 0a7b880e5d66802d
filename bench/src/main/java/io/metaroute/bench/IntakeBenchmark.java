package io.metaroute.bench;

import io.metaroute.api.MetarouteApplication;
import io.metaroute.bench.LoadDriver.PhaseResult;
import io.metaroute.devnet.DevAccount;
import io.metaroute.devnet.Devnet;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.web3j.crypto.Credentials;

/**
 * End-to-end intake benchmark: how many signed swap intents per second the API verifies and
 * persists, and at what latency.
 *
 * <p>Starts the local devnet (3 anvil rollups) and the API in this process (execution disabled, a
 * throw-away schema in the local PostgreSQL), signs every request body before anything is timed,
 * warms up, then drives {@code POST /v1/intents} over loopback at each concurrency level. Any
 * answer other than 202 counts as an error and is reported. Results go to
 * {@code results/intake-<date>.md} and {@code .json}.
 */
public final class IntakeBenchmark {

    private IntakeBenchmark() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(BenchOptions.parse(args));
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // netty and Spring leave non-daemon threads behind
    }

    private static void run(BenchOptions options) throws Exception {
        String schema = "bench_" + Instant.now().getEpochSecond();
        System.out.println("intake benchmark: " + options);

        try (Devnet devnet = Devnet.start()) {
            List<IntentFactory.Signer> signers = devnet.wallets().stream()
                    .filter(w -> DevAccount.WALLET.equals(w.role()))
                    .map(w -> IntentFactory.Signer.of(Credentials.create(w.privateKey()).getEcKeyPair()))
                    .toList();
            var factory = new IntentFactory(signers, IntentFactory.usdcToWeth(devnet.network(), options.crossChain()));

            long signStart = System.nanoTime();
            byte[][] bodies = factory.signedBodies(options.totalIntents());
            double signSeconds = (System.nanoTime() - signStart) / 1e9;
            System.out.printf("signed %,d intents in %.1f s (%s, %d wallets)%n",
                    bodies.length, signSeconds, factory.pair().describe(), factory.signerCount());

            ConfigurableApplicationContext app = startApi(options, devnet, schema);
            List<PhaseResult> runs = new ArrayList<>();
            try {
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                System.out.println("API listening on 127.0.0.1:" + port + ", schema " + schema);
                int maxConcurrency = options.concurrencyLevels().stream().mapToInt(Integer::intValue).max().orElse(1);
                try (var driver = new LoadDriver(port, maxConcurrency)) {
                    int next = 0;
                    if (options.warmup() > 0) {
                        int warmConcurrency = options.concurrencyLevels().get(0);
                        PhaseResult warm = driver.run(bodies, next, options.warmup(), warmConcurrency, 0);
                        next += options.warmup();
                        System.out.println("warm-up (not recorded): " + ResultWriter.summaryLine(warm));
                        if (warm.accepted() == 0) {
                            throw new IllegalStateException("no request was accepted during warm-up: "
                                    + warm.statusCounts() + " " + warm.errorSamples());
                        }
                    }
                    for (int concurrency : options.concurrencyLevels()) {
                        for (int rate : options.rates()) {
                            Thread.sleep(1_000);
                            PhaseResult run = driver.run(bodies, next, options.intents(), concurrency, rate);
                            next += options.intents();
                            runs.add(run);
                            System.out.println(ResultWriter.summaryLine(run));
                        }
                    }
                }
            } finally {
                app.close();
                if (!options.keepSchema()) {
                    dropSchema(options, schema);
                }
            }
            new ResultWriter().write(options.resultsDir(), parameters(options, factory, bodies, signSeconds), runs);
        }
    }

    private static ConfigurableApplicationContext startApi(BenchOptions o, Devnet devnet, String schema) {
        List<String> props = new ArrayList<>(List.of(
                "--server.port=0",
                "--metaroute.network.file=" + devnet.descriptionFile().toAbsolutePath(),
                "--metaroute.execution.enabled=false",
                "--metaroute.database.schema=" + schema,
                "--spring.r2dbc.url=r2dbc:postgresql://" + o.postgresHost() + ":" + o.postgresPort() + "/" + o.database(),
                "--spring.r2dbc.username=" + o.dbUser(),
                "--spring.r2dbc.password="));
        if (o.quietLogs()) {
            props.add("--logging.level.io.metaroute=WARN");
            props.add("--logging.level.org.springframework=WARN");
        }
        var application = new SpringApplication(MetarouteApplication.class);
        return application.run(props.toArray(String[]::new));
    }

    private static void dropSchema(BenchOptions o, String schema) {
        String url = "jdbc:postgresql://" + o.postgresHost() + ":" + o.postgresPort() + "/" + o.database();
        try (var connection = DriverManager.getConnection(url, o.dbUser(), "");
             var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        } catch (Exception e) {
            System.err.println("could not drop schema " + schema + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> parameters(BenchOptions o, IntentFactory factory, byte[][] bodies, double signSeconds) {
        var p = new LinkedHashMap<String, Object>();
        p.put("measuredRequestsPerLevel", o.intents());
        p.put("warmupRequests", o.warmup());
        p.put("concurrencyLevels", o.concurrencyLevels());
        p.put("offeredRates", o.rates());
        p.put("mode", o.rates().stream().anyMatch(r -> r > 0)
                ? "open loop at the offered rate(s), at most `concurrency` in flight, latency from each request's intended send time"
                : "closed loop (fixed number of requests in flight, one connection each)");
        p.put("intents", factory.pair().describe() + ", amountIn 100 tokens, minAmountOut 1, deadline now+1h, "
                + "unique random 128-bit nonces, rotating over " + factory.signerCount() + " dev wallets");
        p.put("requestBodyBytes", bodies.length == 0 ? 0 : bodies[0].length);
        p.put("presignSeconds", Math.round(signSeconds * 10) / 10.0);
        p.put("server", "in-process Spring Boot WebFlux (io.metaroute.api.MetarouteApplication), "
                + "metaroute.execution.enabled=false, throw-away schema in PostgreSQL "
                + o.postgresHost() + ":" + o.postgresPort() + "/" + o.database());
        p.put("client", "reactor-netty HttpClient on its own event loops, HTTP/1.1 keep-alive over loopback, "
                + "one connection pool kept across warm-up and runs");
        return p;
    }
}
