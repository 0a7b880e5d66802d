package io.metaroute.solver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.network.RollupProfile;
import io.metaroute.core.route.Leg;
import io.metaroute.core.token.Token;
import io.metaroute.core.token.Uint256;
import io.metaroute.solver.routing.Certificate;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouterSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code solve [--json] [--max-legs N] [--gas-price-wei CHAIN=WEI:WETH]... <snapshot.json> <intents.json>}: replays routing offline, for replay, debugging and research.
 * The snapshot is what {@code GET /v1/market/snapshot} serves; the intents are a JSON array of
 * {@code {"chainId":n,"tokenIn":"0x…","tokenOut":"0x…","amountIn":"decimal","minAmountOut":"decimal"?}}.
 * For each intent: the legs with exact amounts and shares, the expected output, gas, and the
 * certificate (bound, gap and its parts), iterations and solve time. {@code --max-legs 0} lifts
 * the leg limit (default: the settler's); gas is priced only on chains given a gas price, in the
 * output token at the mid price of the pools of the chain's wrapped native token, whose address
 * follows the price ({@code 710001=1000000000:0x…}). A bad intent is
 * reported and the others still run; exit code 0 when the run completed (no route is an answer),
 * 2 on unreadable arguments or input.
 */
public final class Solve {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USAGE = "usage: solve [--json] [--max-legs N] [--gas-price-wei CHAIN=WEI:WETH]... "
            + "<snapshot.json> <intents.json>";

    private Solve() {
    }

    /** Parsed command line. */
    record Options(boolean json, int maxLegs, Map<Long, BigInteger> gasPrices, Map<Long, Address> wrappers, Path snapshot,
                   Path intents) {
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command; returns its exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = options(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        MarketSnapshot snapshot;
        String intents;
        try {
            snapshot = SnapshotFile.read(o.snapshot());
            intents = Files.readString(o.intents());
        } catch (IOException | RuntimeException e) {
            err.println("unreadable input: " + e.getMessage());
            return 2;
        }
        Router router = new Router(network(snapshot, o), settings(o));
        try {
            run(router, snapshot, intents, out, o.json());
        } catch (IOException e) {
            err.println("unreadable intents: " + e.getMessage());
            return 2;
        }
        return 0;
    }

    static Options options(String[] args) {
        boolean json = false;
        int maxLegs = RouterSettings.SETTLER_MAX_LEGS;
        Map<Long, BigInteger> gas = new LinkedHashMap<>();
        Map<Long, Address> wrappers = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--json" -> json = true;
                case "--max-legs" -> {
                    maxLegs = Integer.parseInt(value(args, ++i, a));
                    if (maxLegs < 0) {
                        throw new IllegalArgumentException("--max-legs must be 0 (unlimited) or more");
                    }
                }
                case "--gas-price-wei" -> {
                    String v = value(args, ++i, a);
                    int eq = v.indexOf('=');
                    int colon = v.indexOf(':');
                    if (eq < 1 || colon < eq) {
                        throw new IllegalArgumentException("--gas-price-wei takes CHAIN=WEI:WETH, got " + v);
                    }
                    long chain = Long.parseLong(v.substring(0, eq));
                    gas.put(chain, Uint256.parse("--gas-price-wei", v.substring(eq + 1, colon)));
                    wrappers.put(chain, Address.of(v.substring(colon + 1)));
                }
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    files.add(Path.of(a));
                }
            }
        }
        if (files.size() != 2) {
            throw new IllegalArgumentException("expected a snapshot file and an intents file");
        }
        return new Options(json, maxLegs, gas, wrappers, files.get(0), files.get(1));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static RouterSettings settings(Options o) {
        int legs = o.maxLegs() == 0 ? Integer.MAX_VALUE : o.maxLegs();
        RouterSettings d = RouterSettings.defaults();
        return new RouterSettings(d.gasPerFill(), d.gasPerLeg(), !o.gasPrices().isEmpty(), legs, BigInteger.ZERO, null);
    }

    /** One rollup per chain of the snapshot, with the gas price and wrapped native token given for it. */
    private static Network network(MarketSnapshot snapshot, Options o) {
        Set<ChainId> chains = new LinkedHashSet<>();
        snapshot.pools().values().forEach(p -> chains.add(p.chain()));
        var rollups = new ArrayList<Rollup>();
        for (ChainId c : chains) {
            Address weth = o.wrappers().get(c.value());
            List<Token> tokens = weth == null ? List.of() : List.of(new Token(c, weth, "WETH", 18));
            rollups.add(new Rollup("chain-" + c.value(), RollupProfile.values()[0], c, Domain.of((int) (c.value() & 0x7fffffff)),
                    URI.create("http://offline.invalid"), null, Duration.ofSeconds(1),
                    o.gasPrices().getOrDefault(c.value(), BigInteger.ZERO),
                    Address.of("0x" + "0".repeat(39) + "1"), Address.of("0x" + "0".repeat(39) + "2"), tokens, List.of()));
        }
        return new Network(rollups);
    }

    /** Solves every intent against {@code snapshot} offline: no gas pricing, the settler's leg limit; text output. */
    public static int run(MarketSnapshot snapshot, String intentsJson, PrintStream out) throws IOException {
        var router = new Router(new Network(List.of()),
                RouterSettings.withoutGas().withMaxLegs(RouterSettings.SETTLER_MAX_LEGS));
        return run(router, snapshot, intentsJson, out, false);
    }

    /** Solves every intent with {@code router}, printed as text; returns how many got no route or were refused. */
    public static int run(Router router, MarketSnapshot snapshot, String intentsJson, PrintStream out) throws IOException {
        return run(router, snapshot, intentsJson, out, false);
    }

    /** Solves every intent with {@code router}; returns how many got no route or were refused. */
    public static int run(Router router, MarketSnapshot snapshot, String intentsJson, PrintStream out, boolean json)
            throws IOException {
        JsonNode list = JSON.readTree(intentsJson);
        if (list == null || !list.isArray()) {
            throw new IOException("the intents file must hold a JSON array");
        }
        Map<Address, String> symbols = new LinkedHashMap<>();
        router.network().rollups().forEach(r -> r.tokens().forEach(t -> symbols.put(t.address(), t.symbol())));
        int failures = 0;
        if (!json) {
            out.println("snapshot v" + snapshot.version() + " taken " + snapshot.takenAt() + ", " + snapshot.pools().size() + " pools");
        }
        for (int n = 0; n < list.size(); n++) {
            String at = "intents[" + n + "]";
            JsonNode i = list.get(n);
            ObjectNode doc = JSON.createObjectNode().put("intent", n);
            RouteRequest request;
            BigInteger min;
            try {
                if (!i.path("chainId").canConvertToLong()) {
                    throw new IllegalArgumentException(at + ".chainId: a chain id is required");
                }
                request = new RouteRequest(ChainId.of(i.path("chainId").asLong()), Address.of(i.path("tokenIn").asText()),
                        Address.of(i.path("tokenOut").asText()), Uint256.parse(at + ".amountIn", i.path("amountIn").asText()));
                min = i.hasNonNull("minAmountOut") ? Uint256.parse(at + ".minAmountOut", i.get("minAmountOut").asText()) : BigInteger.ZERO;
            } catch (RuntimeException e) {
                failures++;
                if (json) {
                    out.println(doc.put("status", "refused").put("error", e.getMessage()));
                } else {
                    out.println(at + ": refused: " + e.getMessage());
                }
                continue;
            }
            long start = System.nanoTime();
            RouteOutcome outcome = router.route(snapshot, request, min);
            long micros = (System.nanoTime() - start) / 1000;
            if (json) {
                doc.put("chainId", request.chain().value()).put("tokenIn", request.tokenIn().checksummed())
                        .put("tokenOut", request.tokenOut().checksummed()).put("amountIn", request.amountIn().toString());
                failures += json(doc, outcome, symbols, micros);
                out.println(doc);
            } else {
                out.println(at + ": sell " + request.amountIn() + " " + request.tokenIn() + " for " + request.tokenOut()
                        + " on chain " + request.chain() + (min.signum() > 0 ? ", at least " + min : ""));
                failures += text(out, outcome, micros);
            }
        }
        return failures;
    }

    private static int text(PrintStream out, RouteOutcome outcome, long micros) {
        switch (outcome) {
            case RouteOutcome.Found f -> {
                for (Leg leg : f.route().legs()) {
                    out.println("  leg " + leg.pool() + ": " + leg.amountIn() + " " + leg.tokenIn() + " -> " + leg.amountOut()
                            + " " + leg.tokenOut() + (leg.share() == Leg.ALL ? "" : " (share " + leg.share() + "e-18 of held)"));
                }
                out.println("  expected out " + f.route().amountOut());
                Certificate c = f.certificate();
                out.println("  gas " + f.costs().gasUnits() + " units = " + f.costs().gasInTokenOut() + " of the output token; net "
                        + c.value());
                out.println("  certificate: upper bound " + (c.bounded() ? c.upperBound() : "none") + ", relative gap "
                        + String.format(Locale.ROOT, "%.3e", c.gap()) + (c.holds() ? "" : " (FAULT: bound below the route)")
                        + parts(c) + ", " + c.iterations() + " iterations, " + micros + " µs; " + c.method());
                return 0;
            }
            case RouteOutcome.NoRoute none -> {
                out.println("  no route (" + none.reason().name().toLowerCase() + "): " + none.detail());
                return 1;
            }
        }
    }

    private static String parts(Certificate c) {
        if (c.parts() == null) {
            return "";
        }
        return String.format(Locale.ROOT, " = solver %.3e + leg limit %.3e + gas %.3e (unlimited optimum %s over %d legs)",
                c.parts().solver(), c.parts().legLimit(), c.parts().gas(), c.parts().unlimitedOutput(), c.parts().unlimitedLegs());
    }

    private static int json(ObjectNode doc, RouteOutcome outcome, Map<Address, String> symbols, long micros) {
        doc.put("solveMicros", micros);
        switch (outcome) {
            case RouteOutcome.Found f -> {
                doc.put("status", "routed");
                ArrayNode legs = doc.putArray("legs");
                for (Leg leg : f.route().legs()) {
                    ObjectNode l = legs.addObject().put("pool", leg.pool().checksummed())
                            .put("tokenIn", leg.tokenIn().checksummed()).put("tokenOut", leg.tokenOut().checksummed())
                            .put("amountIn", leg.amountIn().toString()).put("amountOut", leg.amountOut().toString())
                            .put("share", Long.toString(leg.share()));
                    if (symbols.containsKey(leg.tokenIn())) {
                        l.put("symbolIn", symbols.get(leg.tokenIn()));
                    }
                    if (symbols.containsKey(leg.tokenOut())) {
                        l.put("symbolOut", symbols.get(leg.tokenOut()));
                    }
                }
                doc.put("expectedAmountOut", f.route().amountOut().toString());
                doc.put("gasUnits", f.costs().gasUnits()).put("gasInTokenOut", f.costs().gasInTokenOut().toString());
                Certificate c = f.certificate();
                ObjectNode cert = doc.putObject("certificate").put("netAmountOut", c.value().toString())
                        .put("upperBound", c.bounded() ? c.upperBound().toString() : null).put("relativeGap", c.gap())
                        .put("holds", c.holds()).put("iterations", c.iterations()).put("method", c.method());
                if (c.parts() != null) {
                    cert.putObject("gapParts").put("solver", c.parts().solver()).put("legLimit", c.parts().legLimit())
                            .put("gas", c.parts().gas()).put("unlimitedAmountOut", c.parts().unlimitedOutput().toString())
                            .put("unlimitedLegs", c.parts().unlimitedLegs());
                }
                return 0;
            }
            case RouteOutcome.NoRoute none -> {
                doc.put("status", "no_route").put("reason", none.reason().name().toLowerCase()).put("detail", none.detail());
                return 1;
            }
        }
    }
}
