package io.metaroute.solver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.route.Leg;
import io.metaroute.core.token.Uint256;
import io.metaroute.core.network.Network;
import io.metaroute.solver.routing.Certificate;
import io.metaroute.solver.routing.Router;
import io.metaroute.solver.routing.RouterSettings;
import java.util.List;
import io.metaroute.solver.routing.RouteOutcome;
import io.metaroute.solver.routing.RouteRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code solve <snapshot.json> <intents.json>}: replays routing offline. The snapshot is what
 * {@code GET /v1/market/snapshot} serves; the intents are a JSON array of
 * {@code {"chainId":n,"tokenIn":"0x…","tokenOut":"0x…","amountIn":"decimal","minAmountOut":"decimal"?}}.
 * Prints each intent's route: legs with exact amounts and shares, expected output, gas, and the
 * optimality certificate (the dual upper bound and the relative gap).
 */
public final class Solve {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Solve() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: solve <snapshot.json> <intents.json>");
            System.exit(2);
        }
        int failures = run(SnapshotFile.read(Path.of(args[0])), Files.readString(Path.of(args[1])), System.out);
        System.exit(failures == 0 ? 0 : 1);
    }

    /** Solves every intent against {@code snapshot} offline: no gas pricing, the settler's leg limit. */
    public static int run(MarketSnapshot snapshot, String intentsJson, PrintStream out) throws IOException {
        var router = new Router(new Network(List.of()),
                RouterSettings.withoutGas().withMaxLegs(RouterSettings.SETTLER_MAX_LEGS));
        return run(router, snapshot, intentsJson, out);
    }

    /** Solves every intent against {@code snapshot} with {@code router}; returns how many got no route. */
    public static int run(Router router, MarketSnapshot snapshot, String intentsJson, PrintStream out) throws IOException {
        int failures = 0;
        int n = 0;
        out.println("snapshot v" + snapshot.version() + " taken " + snapshot.takenAt() + ", " + snapshot.pools().size() + " pools");
        for (JsonNode i : JSON.readTree(intentsJson)) {
            String at = "intents[" + n++ + "]";
            var request = new RouteRequest(ChainId.of(i.path("chainId").asLong()), Address.of(i.path("tokenIn").asText()),
                    Address.of(i.path("tokenOut").asText()), Uint256.parse(at + ".amountIn", i.path("amountIn").asText()));
            BigInteger min = i.hasNonNull("minAmountOut") ? Uint256.parse(at + ".minAmountOut", i.get("minAmountOut").asText()) : BigInteger.ZERO;
            out.println(at + ": sell " + request.amountIn() + " " + request.tokenIn() + " for " + request.tokenOut()
                    + " on chain " + request.chain() + (min.signum() > 0 ? ", at least " + min : ""));
            switch (router.route(snapshot, request, min)) {
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
                            + String.format(java.util.Locale.ROOT, "%.3e", c.gap()) + ", " + c.iterations() + " iterations; "
                            + c.method());
                }
                case RouteOutcome.NoRoute none -> {
                    failures++;
                    out.println("  no route (" + none.reason().name().toLowerCase() + "): " + none.detail());
                }
            }
        }
        return failures;
    }
}
