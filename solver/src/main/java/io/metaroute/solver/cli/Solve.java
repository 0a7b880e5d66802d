package io.metaroute.solver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.route.Leg;
import io.metaroute.core.token.Uint256;
import io.metaroute.solver.routing.RouteFinder;
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
 * Prints each intent's route: legs with exact amounts, expected output, and how it was found.
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

    /** Solves every intent against {@code snapshot}; returns how many got no route. */
    public static int run(MarketSnapshot snapshot, String intentsJson, PrintStream out) throws IOException {
        var finder = new RouteFinder();
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
            switch (finder.best(snapshot, request, min)) {
                case RouteOutcome.Found f -> {
                    for (Leg leg : f.route().legs()) {
                        out.println("  leg " + leg.pool() + ": " + leg.amountIn() + " " + leg.tokenIn() + " -> " + leg.amountOut() + " " + leg.tokenOut());
                    }
                    out.println("  expected out " + f.route().amountOut());
                    out.println("  search: best of " + f.pathsConsidered() + " simple paths of up to " + RouteFinder.DEFAULT_MAX_HOPS
                            + " pools, exact integer math; splits not considered, no dual bound (optimality certificate not implemented)");
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
