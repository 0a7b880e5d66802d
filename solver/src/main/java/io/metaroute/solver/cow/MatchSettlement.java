package io.metaroute.solver.cow;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.route.Leg;
import io.metaroute.core.route.RouteReplay;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A coincidence of wants on one rollup, ready for the settler's {@code settle}: every member's
 * intent is settled whole in one transaction. The settler pulls every member's input, runs
 * {@code steps} (only the net imbalance of the match trades through pools; none when the two sides
 * match exactly), and pays each member exactly its {@code amountOut}; the payouts add up to what
 * the settler holds after the steps, so nothing stays behind. {@code legs} and {@code poolsAfter}
 * are the exact result of the steps ({@link io.metaroute.core.route.BatchReplay}).
 *
 * @param members in the order the settler receives them
 */
public record MatchSettlement(ChainId chain, AssetPair pair, Price price, List<Member> members,
                              List<RouteReplay.Step> steps, List<Leg> legs, Map<Address, PoolState> poolsAfter) {

    /**
     * One member: it sells {@code amountIn}, of which {@code matchedIn} goes to the other side at
     * the clearing price, and receives {@code amountOut}, which is at least its signed minimum and
     * at least {@code alone}, what the best route on the same market would pay it by itself.
     */
    public record Member(String intentId, Address tokenIn, BigInteger amountIn, BigInteger matchedIn,
                         Address tokenOut, BigInteger amountOut, BigInteger alone) {
        public Member {
            Objects.requireNonNull(intentId, "intentId");
            if (amountOut.compareTo(alone) < 0) {
                throw new IllegalArgumentException("a match must pay " + intentId + " at least what it gets alone");
            }
        }
    }

    public MatchSettlement {
        Objects.requireNonNull(chain, "chain");
        members = List.copyOf(members);
        steps = List.copyOf(steps);
        legs = List.copyOf(legs);
        poolsAfter = Map.copyOf(poolsAfter);
        if (members.size() < 2) {
            throw new IllegalArgumentException("a match needs two members at least");
        }
    }

    public Member member(String intentId) {
        return members.stream().filter(m -> m.intentId().equals(intentId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(intentId + " is not in this match"));
    }

    public List<BigInteger> amountsOut() {
        return members.stream().map(Member::amountOut).toList();
    }
}
