package io.metaroute.core.route;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.pool.PoolState;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a batch settlement's steps exactly as the settler's {@code settle} does, to the wei: the
 * settler starts holding what the batch's intents bring in, each step sells
 * {@code held * share / 1e18} (rounded down; the whole balance when the share is all) of any
 * token held, and its output is held too. What is held at the end is what the batch can pay out:
 * the settler requires every unit of it to go to some intent, so the caller splits these
 * holdings into the intents' outputs. Checks match the settler's {@code InvalidPath}, so a batch
 * this accepts does not revert for its program.
 */
public final class BatchReplay {

    /**
     * The exact legs, what the settler holds of each token afterwards (tokens held in zero left
     * out), and the pools as they are afterwards.
     */
    public record Result(List<Leg> legs, Map<Address, BigInteger> holdings, Map<Address, PoolState> poolsAfter) {
        public Result {
            legs = List.copyOf(legs);
            holdings = Map.copyOf(holdings);
            poolsAfter = Map.copyOf(poolsAfter);
        }
    }

    private BatchReplay() {
    }

    /**
     * Runs {@code steps} on {@code pools} (by pool address, all on {@code chain}) starting from
     * {@code deposits}: the total pulled per token, the sum of the intents' {@code amountIn} per
     * {@code tokenIn}. Pools not touched are returned unchanged.
     *
     * @throws IllegalArgumentException where the settler reverts {@code InvalidPath}: a share of 0
     *         or more than 1e18, a pool that is missing, on another chain or does not trade the
     *         step's two tokens, a step selling a token not held or selling or buying nothing
     */
    public static Result run(ChainId chain, Map<Address, BigInteger> deposits, List<RouteReplay.Step> steps,
                             Map<Address, PoolState> pools) {
        Objects.requireNonNull(chain, "chain");
        var held = new LinkedHashMap<Address, BigInteger>();
        deposits.forEach((token, amount) -> {
            if (amount.signum() < 0) {
                throw new IllegalArgumentException("negative deposit of " + token + ": " + amount);
            }
            held.merge(token, amount, BigInteger::add);
        });
        var after = new HashMap<>(pools);
        var legs = new ArrayList<Leg>(steps.size());
        for (RouteReplay.Step step : steps) {
            if (step.share() <= 0 || step.share() > Leg.ALL) {
                throw new IllegalArgumentException("share must be in (0, 1e18], got " + step.share());
            }
            PoolState pool = after.get(step.pool());
            if (pool == null || !pool.chain().equals(chain) || !pool.has(step.tokenIn())
                    || !pool.other(step.tokenIn()).equals(step.tokenOut())) {
                throw new IllegalArgumentException("pool " + step.pool() + " on " + chain + " does not trade "
                        + step.tokenIn() + " for " + step.tokenOut());
            }
            BigInteger have = held.get(step.tokenIn());
            if (have == null) {
                throw new IllegalArgumentException("step sells " + step.tokenIn() + ", which the batch does not hold");
            }
            BigInteger in = Leg.portion(have, step.share());
            if (in.signum() == 0) {
                throw new IllegalArgumentException("step sells nothing of " + step.tokenIn() + " (holding " + have + ")");
            }
            BigInteger out = pool.amountOut(step.tokenIn(), in);
            if (out.signum() == 0) {
                throw new IllegalArgumentException("step selling " + in + " of " + step.tokenIn() + " in " + step.pool()
                        + " buys nothing");
            }
            held.put(step.tokenIn(), have.subtract(in));
            held.merge(step.tokenOut(), out, BigInteger::add);
            after.put(pool.address(), RouteReplay.moved(pool, step.tokenIn(), in, out));
            legs.add(new Leg(step.pool(), step.tokenIn(), step.tokenOut(), in, out, step.share()));
        }
        held.values().removeIf(amount -> amount.signum() == 0);
        return new Result(legs, held, after);
    }
}
