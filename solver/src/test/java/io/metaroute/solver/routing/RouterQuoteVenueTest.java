package io.metaroute.solver.routing;

import static io.metaroute.solver.routing.RouteFinderTest.CHAIN;
import static io.metaroute.solver.routing.RouteFinderTest.USDC;
import static io.metaroute.solver.routing.RouteFinderTest.USDT;
import static io.metaroute.solver.routing.RouteFinderTest.WETH;
import static io.metaroute.solver.routing.RouteFinderTest.pool;
import static io.metaroute.solver.routing.RouteFinderTest.snapshot;
import static io.metaroute.solver.routing.RouterTest.network;
import static io.metaroute.solver.routing.RouterTest.usdc;
import static io.metaroute.solver.routing.RouterTest.weth;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.intent.SigningDomain;
import io.metaroute.core.market.MarketSnapshot;
import io.metaroute.core.pool.PoolState;
import io.metaroute.core.rfq.MakerQuote;
import io.metaroute.core.rfq.MakerQuoteTypedData;
import io.metaroute.core.rfq.SignedQuote;
import io.metaroute.core.route.Route;
import io.metaroute.core.route.RouteReplay;
import java.math.BigInteger;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * Makers' firm quotes as venues of the router: a quote priced above the pools is taken up to its
 * amount and the rest split over the pools, one priced below them is left, and every route the
 * router answers is exactly its own replay over the same pools and quotes.
 */
class RouterQuoteVenueTest {
    static final Credentials MAKER = Credentials.create("0x" + "42".repeat(32));
    static final Address SETTLER = Address.of("0x00000000000000000000000000000000000000ff");
    final PoolState direct = pool(CHAIN, 1, USDC, WETH, usdc(3_000_000), weth(1_000));
    final PoolState stable = pool(CHAIN, 2, USDC, USDT, usdc(5_000_000), usdc(5_000_000));
    final PoolState viaUsdt = pool(CHAIN, 3, USDT, WETH, usdc(2_000_000), weth(666));
    final MarketSnapshot market = snapshot(direct, stable, viaUsdt);
    final AtomicReference<List<SignedQuote>> quotes = new AtomicReference<>(List.of());
    final Router router = new Router(network(CHAIN, BigInteger.ZERO), RouterSettings.shipped(32).withMaxSnapshotAge(null),
            () -> Inventory.EMPTY, Clock.systemUTC(), Router.MarketFreshness.SNAPSHOT_TIME, GasPrices.NETWORK_FILE,
            chain -> quotes.get());
    long nonce;

    @Test
    void aQuoteAboveThePoolsIsTakenToItsAmountAndTheRestSplitOverThePools() {
        Route poolsOnly = route(usdc(100_000));
        // 50,000 USDC at 1/2,990 WETH each: better than the pools' ~1/3,000 before their fee and impact
        SignedQuote q = quote(USDC, WETH, usdc(50_000), weth(50_000).divide(BigInteger.valueOf(2_990)));
        quotes.set(List.of(q));
        Route withQuote = route(usdc(100_000));

        assertThat(withQuote.quotes()).containsExactly(q);
        var makerLeg = withQuote.legs().stream().filter(l -> l.pool().equals(q.venue())).findFirst().orElseThrow();
        assertThat(makerLeg.amountIn()).isLessThanOrEqualTo(q.quote().amountIn());
        // the pools' marginal price at 50,000 USDC less is still below the quote's: the quote is taken (almost) whole
        assertThat(new java.math.BigDecimal(makerLeg.amountIn()).divide(new java.math.BigDecimal(q.quote().amountIn())))
                .isGreaterThan(new java.math.BigDecimal("0.999"));
        assertThat(withQuote.poolLegs()).isNotEmpty();
        assertThat(withQuote.amountOut()).isGreaterThan(poolsOnly.amountOut());
        assertExactReplay(withQuote);
    }

    @Test
    void aQuoteBelowThePoolsIsLeft() {
        SignedQuote poor = quote(USDC, WETH, usdc(50_000), weth(50_000).divide(BigInteger.valueOf(3_300)));
        quotes.set(List.of(poor));
        Route r = route(usdc(10_000));
        assertThat(r.quotes()).isEmpty();
        assertThat(r.legs()).noneMatch(l -> l.pool().equals(poor.venue()));
    }

    @Test
    void aQuoteCanBeTheWholeRouteOrAHopOfIt() {
        // a small trade goes wholly to a generous quote
        SignedQuote generous = quote(USDC, WETH, usdc(10_000), weth(4));
        quotes.set(List.of(generous));
        Route whole = route(usdc(1_000));
        assertThat(whole.legs()).hasSize(1);
        assertThat(whole.amountOut()).isEqualTo(usdc(1_000).multiply(weth(4)).divide(usdc(10_000)));
        // a maker of USDC -> USDT only: the best path goes through it and the USDT/WETH pool
        SignedQuote stableQuote = quote(USDC, USDT, usdc(20_000), usdc(20_100));
        quotes.set(List.of(stableQuote));
        Route hop = route(usdc(5_000));
        assertThat(hop.quotes()).containsExactly(stableQuote);
        assertExactReplay(hop);
    }

    @Test
    void aQuoteForUnconnectedTokensAloneMakesARoute() {
        Address lonely = RouteFinderTest.LONELY;
        SignedQuote q = quote(USDC, lonely, usdc(1_000), BigInteger.valueOf(777));
        quotes.set(List.of(q));
        var found = (RouteOutcome.Found) router.route(market, new RouteRequest(CHAIN, USDC, lonely, usdc(500)));
        assertThat(found.route().amountOut()).isEqualTo(BigInteger.valueOf(388)); // 500 x 777 / 1,000, rounded down
        assertThat(found.costs().gasUnits()).isEqualTo(105_000 + 60_000 + Router.GAS_PER_QUOTE_LEG_EXTRA);
    }

    private Route route(BigInteger amountIn) {
        return ((RouteOutcome.Found) router.route(market, new RouteRequest(CHAIN, USDC, WETH, amountIn))).route();
    }

    private void assertExactReplay(Route route) {
        Map<Address, PoolState> pools = new HashMap<>();
        market.poolsOn(CHAIN).forEach(p -> pools.put(p.address(), p));
        var again = RouteReplay.replay(route, pools).route();
        assertThat(again).isEqualTo(route);
    }

    private SignedQuote quote(Address in, Address out, BigInteger amountIn, BigInteger amountOut) {
        var domain = SigningDomain.of(CHAIN, SETTLER);
        var terms = new MakerQuote(CHAIN, Address.of(MAKER.getAddress()), in, out, amountIn, amountOut, 4_000_000_000L,
                BigInteger.valueOf(++nonce));
        return SignedQuote.of(domain, terms, IntentSignature.sign(MakerQuoteTypedData.digest(domain, terms), MAKER.getEcKeyPair()));
    }
}
