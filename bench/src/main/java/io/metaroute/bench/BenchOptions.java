package io.metaroute.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parameters of one intake benchmark invocation, parsed from {@code --key=value} arguments.
 * Arguments may also arrive as one space-separated string (as Maven's {@code -Dbench.args} passes them).
 */
record BenchOptions(
        int intents,
        int warmup,
        List<Integer> concurrencyLevels,
        List<Integer> rates,
        boolean crossChain,
        String postgresHost,
        int postgresPort,
        String database,
        String dbUser,
        boolean keepSchema,
        boolean quietLogs,
        Path resultsDir) {

    static final String USAGE = """
            IntakeBenchmark options (all optional):
              --intents=N           measured requests per concurrency level (default 40000)
              --warmup=N            unmeasured warm-up requests before the first level (default 40000)
              --concurrency=a,b,c   concurrency levels, one measured run each (default 16,32,64)
              --rate=R[,R2,...]     offered rate(s) in requests/s (open loop, latency from the intended
                                    send time, at most `concurrency` in flight); 0 = closed loop at the
                                    given concurrency (default 0). One run per concurrency x rate.
              --cross-chain         USDC on rollup 0 -> WETH on rollup 1 (default: same-chain, WETH on rollup 0;
                                    the API answers 422 unsupported_route to cross-rollup intents for now)
              --pg-host=H --pg-port=P --pg-db=D --pg-user=U   PostgreSQL (default 127.0.0.1 5432 test postgres)
              --keep-schema         keep the throw-away bench_<time> schema instead of dropping it
              --quiet-logs          set io.metaroute and Spring logging to WARN during the run
              --results=DIR         where intake-<date>.md/.json go (default ./results)
            """;

    static BenchOptions parse(String[] raw) {
        List<String> args = new ArrayList<>();
        for (String a : raw) {
            Arrays.stream(a.trim().split("\\s+")).filter(s -> !s.isBlank()).forEach(args::add);
        }
        int intents = 40_000;
        int warmup = 40_000;
        List<Integer> levels = List.of(16, 32, 64);
        List<Integer> rates = List.of(0);
        boolean cross = false;
        String host = "127.0.0.1";
        int port = 5432;
        String db = "test";
        String user = "postgres";
        boolean keep = false;
        boolean quiet = false;
        Path results = Path.of("results");
        for (String a : args) {
            String key = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : "";
            switch (key) {
                case "--intents" -> intents = positive(key, value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--concurrency" -> levels = Arrays.stream(value.split(",")).map(v -> positive(key, v.trim())).toList();
                case "--rate" -> rates = Arrays.stream(value.split(",")).map(v -> Integer.parseInt(v.trim())).toList();
                case "--cross-chain" -> cross = true;
                case "--pg-host" -> host = value;
                case "--pg-port" -> port = positive(key, value);
                case "--pg-db" -> db = value;
                case "--pg-user" -> user = value;
                case "--keep-schema" -> keep = true;
                case "--quiet-logs" -> quiet = true;
                case "--results" -> results = Path.of(value);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        if (warmup < 0 || rates.stream().anyMatch(r -> r < 0)) {
            throw new IllegalArgumentException("--warmup and --rate must not be negative");
        }
        return new BenchOptions(intents, warmup, levels, rates, cross, host, port, db, user, keep, quiet, results);
    }

    private static int positive(String key, String value) {
        int v = Integer.parseInt(value);
        if (v <= 0) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
        return v;
    }

    /** How many signed intents the whole invocation needs: warm-up plus every measured run. */
    int totalIntents() {
        return warmup + intents * concurrencyLevels.size() * rates.size();
    }
}
