package io.metaroute.pipeline.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.cross.CrossSettlerAbi;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Metalayer;
import io.metaroute.core.network.MetalayerContracts;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.network.RollupProfile;
import io.metaroute.core.network.ValidatorSet;
import io.metaroute.core.token.Token;
import io.metaroute.execution.tx.ChainClient.BlockRef;
import io.metaroute.execution.tx.PreparedTransaction;
import io.metaroute.execution.tx.RpcException;
import io.metaroute.execution.tx.RpcFailure;
import io.metaroute.pipeline.cross.CrossChains;
import io.metaroute.solver.routing.Inventory;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The rebalancer's decisions and its crash safety, on a store in memory and scripted chains. */
class InventoryRebalancerTest {
    static final ChainId A = ChainId.of(710001);
    static final ChainId B = ChainId.of(710002);
    static final ChainId C = ChainId.of(710003);
    static final Address USDC = Address.of("0x00000000000000000000000000000000000000a1");
    static final Address WETH = Address.of("0x00000000000000000000000000000000000000a2");
    static final Address USDC_ROUTER = Address.of("0x00000000000000000000000000000000000000b1");
    static final Address WETH_ROUTER = Address.of("0x00000000000000000000000000000000000000b2");
    static final Address SOLVER = Address.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    static final Duration STUCK_AFTER = Duration.ofMillis(200);

    final Network network = network();
    final Moves store = new Moves();
    final Chains chains = new Chains();
    final Warps warps = new Warps();
    final List<String> heard = new ArrayList<>();

    static Network network() {
        var rollups = new ArrayList<Rollup>();
        var contracts = new ArrayList<MetalayerContracts>();
        for (ChainId chain : List.of(A, B, C)) {
            Domain domain = Domain.of(chain.value() % 100_000);
            rollups.add(new Rollup("r" + chain.value(), RollupProfile.GAMING, chain, domain, URI.create("http://127.0.0.1:1"), null,
                    Duration.ofSeconds(1), BigInteger.ZERO, Address.of("0x" + "5".repeat(40)), Address.of("0x" + "6".repeat(40)),
                    List.of(new Token(chain, USDC, "USDC", 6), new Token(chain, WETH, "WETH", 18)), List.of()));
            Address any = Address.of("0x" + "7".repeat(40));
            contracts.add(new MetalayerContracts(domain, any, any, any, any, any, any, any, any, any, any,
                    Map.of(USDC, USDC_ROUTER, WETH, WETH_ROUTER)));
        }
        var set = new ValidatorSet(List.of(Address.of("0x" + "8".repeat(40))), 1);
        return new Network(rollups, new Metalayer(contracts, Map.of(FinalityState.INSTANT, set, FinalityState.FINALIZED, set)));
    }

    InventoryRebalancer rebalancer(Map<Inventory.Key, BigInteger> targets) {
        return new InventoryRebalancer(store, chains, warps, network, SOLVER, targets, new InventoryRebalancer.Settings(
                Duration.ofSeconds(1), 50, STUCK_AFTER), Clock.systemUTC(), (status, move) -> heard.add(status.db() + " " + move.amount()));
    }

    static Map<Inventory.Key, BigInteger> usdcTargets(long a, long b, long c) {
        var t = new LinkedHashMap<Inventory.Key, BigInteger>();
        t.put(new Inventory.Key(A, USDC), BigInteger.valueOf(a));
        t.put(new Inventory.Key(B, USDC), BigInteger.valueOf(b));
        t.put(new Inventory.Key(C, USDC), BigInteger.valueOf(c));
        return t;
    }

    @Test
    void aLowBalanceGetsWhatItLacksFromTheLargestSurplusAndTheMoveRunsToDelivery() {
        warps.held(A, USDC, 300).held(B, USDC, 1_500).held(C, USDC, 2_000).collateral(A, USDC, 10_000);
        var r = rebalancer(usdcTargets(1_000, 1_000, 1_000));
        r.tick().block();
        assertThat(store.rows.values()).singleElement().satisfies(m -> {
            assertThat(m.status()).isEqualTo(MoveStatus.PLANNED);
            assertThat(m.from()).isEqualTo(C); // surplus 1,000 beats B's 500
            assertThat(m.to()).isEqualTo(A);
            assertThat(m.amount()).isEqualTo(BigInteger.valueOf(700)); // what A lacks, under C's surplus
            assertThat(m.router()).isEqualTo(USDC_ROUTER);
        });
        chains.minedMessage = "0xmessage";
        r.tick().block();
        InventoryMove m = store.rows.values().iterator().next();
        assertThat(m.status()).isEqualTo(MoveStatus.DISPATCHED);
        assertThat(m.messageId()).isEqualTo("0xmessage");
        assertThat(warps.transfers).containsExactly("r710001<-710003 700");
        assertThat(chains.broadcasts).containsExactly("0xraw1");
        r.tick().block(); // not yet delivered: nothing new is planned while this one is open
        assertThat(store.rows).hasSize(1);
        chains.delivered.add("0xmessage");
        r.tick().block();
        assertThat(store.rows.values().iterator().next().status()).isEqualTo(MoveStatus.DELIVERED);
        assertThat(heard).containsExactly("signed 700", "dispatched 700", "delivered 700");
    }

    @Test
    void theMoveIsBoundedByTheSurplusAndByTheDestinationsCollateral() {
        warps.held(A, USDC, 0).held(B, USDC, 1_200).held(C, USDC, 1_100).collateral(A, USDC, 10_000);
        rebalancer(usdcTargets(1_000, 1_000, 1_000)).tick().block();
        assertThat(store.rows.values()).singleElement().satisfies(m -> assertThat(m.amount()).isEqualTo(BigInteger.valueOf(200)));

        store.rows.clear();
        warps.held(B, USDC, 5_000).collateral(A, USDC, 150);
        rebalancer(usdcTargets(1_000, 1_000, 1_000)).tick().block();
        assertThat(store.rows.values()).singleElement().satisfies(m -> assertThat(m.amount()).isEqualTo(BigInteger.valueOf(150)));
    }

    @Test
    void nothingMovesAboveTheLowShareOrWithoutASurplusOrIntoAnEmptyRouter() {
        warps.held(A, USDC, 500).held(B, USDC, 5_000).held(C, USDC, 5_000).collateral(A, USDC, 10_000);
        rebalancer(usdcTargets(1_000, 1_000, 1_000)).tick().block(); // 50% is not under 50%
        warps.held(A, USDC, 100).held(B, USDC, 1_000).held(C, USDC, 900);
        rebalancer(usdcTargets(1_000, 1_000, 1_000)).tick().block(); // low, but nobody has more than its target
        warps.held(B, USDC, 5_000).collateral(A, USDC, 0);
        rebalancer(usdcTargets(1_000, 1_000, 1_000)).tick().block(); // the destination's router could not pay it out
        assertThat(store.rows).isEmpty();
        assertThat(warps.transfers).isEmpty();
    }

    @Test
    void afterARestartASignedMoveSendsItsStoredBytesAgainAndSignsNothing() {
        warps.held(A, USDC, 0).held(B, USDC, 5_000).held(C, USDC, 0).collateral(A, USDC, 10_000);
        InventoryMove stored = InventoryMove.planned("USDC", B, A, USDC, USDC, USDC_ROUTER, BigInteger.valueOf(1_000),
                java.time.Instant.now()).signed(new PreparedTransaction("0xstoredhash", "0xstoredraw", BigInteger.TEN));
        store.rows.put(stored.id(), stored);
        chains.minedMessage = "0xm";
        rebalancer(usdcTargets(1_000, 1_000, 1_000)).tick().block();
        assertThat(chains.broadcasts).containsExactly("0xstoredraw");
        assertThat(chains.awaited).containsExactly("0xstoredhash");
        assertThat(warps.transfers).isEmpty();
        assertThat(store.rows.get(stored.id()).status()).isEqualTo(MoveStatus.DISPATCHED);
        assertThat(store.rows).hasSize(1); // USDC was busy during the pass: A waits for this move
    }

    @Test
    void aTransferWhoseNonceWasTakenGoesOutAgainAtAFreshNonce() {
        InventoryMove stored = InventoryMove.planned("USDC", B, A, USDC, USDC, USDC_ROUTER, BigInteger.valueOf(1_000),
                java.time.Instant.now()).signed(new PreparedTransaction("0xold", "0xoldraw", BigInteger.TEN));
        store.rows.put(stored.id(), stored);
        chains.nonceTaken.add("0xoldraw");
        chains.pending.add("0xold"); // another transaction took its nonce: it is not mined and never will be
        chains.minedMessage = "0xm";
        warps.held(A, USDC, 1_000).held(B, USDC, 1_000).held(C, USDC, 1_000);
        rebalancer(usdcTargets(1_000, 1_000, 1_000)).tick().block();
        assertThat(chains.broadcasts).containsExactly("0xoldraw", "0xfresh");
        assertThat(store.rows.get(stored.id()).tx().hash()).isEqualTo("0xfreshhash");
        assertThat(store.rows.get(stored.id()).status()).isEqualTo(MoveStatus.DISPATCHED);
        assertThat(store.rows.get(stored.id()).replaced()).extracting(PreparedTransaction::hash).containsExactly("0xold");
    }

    @Test
    void aTransferNotMinedInTimeIsReplacedByAFeeBumpAtItsNonceAndTheMoveGoesOn() {
        warps.held(A, USDC, 0).held(B, USDC, 5_000).held(C, USDC, 0).collateral(A, USDC, 10_000);
        var r = rebalancer(usdcTargets(1_000, 1_000, 1_000));
        r.tick().block(); // planned
        chains.pending.add("0xhash1"); // priced too low: the node keeps it and mines nothing of it
        chains.minedMessage = "0xm";
        r.tick().block(); // signed, sent, waited for up to STUCK_AFTER
        assertThat(store.rows.values()).singleElement().satisfies(m -> assertThat(m.status()).isEqualTo(MoveStatus.SIGNED));
        assertThat(chains.replacements).isZero();

        r.tick().block(); // stuck: replaced at its nonce, and the replacement is mined
        InventoryMove m = store.rows.values().iterator().next();
        assertThat(m.status()).isEqualTo(MoveStatus.DISPATCHED);
        assertThat(m.tx().hash()).isEqualTo("0xbumphash1");
        assertThat(m.tx().nonce()).isEqualTo(BigInteger.ONE); // the stuck transfer's own nonce
        assertThat(m.replaced()).extracting(PreparedTransaction::hash).containsExactly("0xhash1");
        assertThat(chains.broadcasts).containsExactly("0xraw1", "0xraw1", "0xbump1");
        assertThat(warps.transfers).hasSize(1); // the transfer was built once; the replacement re-signs the same call
        assertThat(chains.resyncs).isZero();
    }

    @Test
    void anEarlierVersionMinedAfterItWasReplacedIsFollowedAndNothingGoesOutAgain() {
        var v1 = new PreparedTransaction("0xv1", "0xv1raw", BigInteger.TEN);
        var v2 = new PreparedTransaction("0xv2", "0xv2raw", BigInteger.TEN);
        InventoryMove stored = InventoryMove.planned("USDC", B, A, USDC, USDC, USDC_ROUTER, BigInteger.valueOf(1_000),
                java.time.Instant.now()).signed(v1).replacedBy(v2);
        store.rows.put(stored.id(), stored);
        // the first version was mined after all: it took the nonce both share, so the node refuses the second
        chains.nonceTaken.add("0xv2raw");
        chains.pending.add("0xv2");
        chains.minedMessage = "0xm1";
        warps.held(A, USDC, 1_000).held(B, USDC, 1_000).held(C, USDC, 1_000);
        rebalancer(usdcTargets(1_000, 1_000, 1_000)).tick().block();
        InventoryMove m = store.rows.get(stored.id());
        assertThat(m.status()).isEqualTo(MoveStatus.DISPATCHED);
        assertThat(m.messageId()).isEqualTo("0xm1");
        assertThat(m.tx().hash()).isEqualTo("0xv1");
        assertThat(m.replaced()).extracting(PreparedTransaction::hash).containsExactly("0xv2");
        assertThat(chains.replacements).as("no third version, at a fresh nonce or any other").isZero();
        assertThat(chains.broadcasts).containsExactly("0xv2raw");
    }

    @Test
    void aVersionMinedWhileItsReplacementWasBeingSignedWinsAndTheFreshNonceIsGivenBack() {
        var v1 = new PreparedTransaction("0xv1", "0xv1raw", BigInteger.TEN);
        InventoryMove stored = InventoryMove.planned("USDC", B, A, USDC, USDC, USDC_ROUTER, BigInteger.valueOf(1_000),
                java.time.Instant.now()).signed(v1);
        store.rows.put(stored.id(), stored);
        chains.nonceTaken.add("0xv1raw");
        chains.pending.add("0xv1");
        chains.minedOnReplacement = "0xv1"; // mined between the first look and the chain's count read for the replacement
        chains.minedMessage = "0xm1";
        warps.held(A, USDC, 1_000).held(B, USDC, 1_000).held(C, USDC, 1_000);
        rebalancer(usdcTargets(1_000, 1_000, 1_000)).tick().block();
        InventoryMove m = store.rows.get(stored.id());
        assertThat(m.status()).isEqualTo(MoveStatus.DISPATCHED);
        assertThat(m.tx().hash()).isEqualTo("0xv1");
        assertThat(m.replaced()).isEmpty();
        assertThat(chains.replacements).isEqualTo(1);
        assertThat(chains.broadcasts).as("the fresh-nonce replacement is never sent").containsExactly("0xv1raw");
        assertThat(chains.resyncs).as("the nonce it reserved is read again from the chain").isEqualTo(1);
    }

    @Test
    void aRevertedTransferFailsTheMoveAndFreesTheSymbolForTheNext() {
        warps.held(A, USDC, 0).held(B, USDC, 5_000).held(C, USDC, 0).collateral(A, USDC, 10_000);
        var r = rebalancer(usdcTargets(1_000, 1_000, 1_000));
        r.tick().block();
        chains.revert = true;
        r.tick().block();
        InventoryMove first = store.rows.values().iterator().next();
        assertThat(first.status()).isEqualTo(MoveStatus.FAILED);
        assertThat(first.reason()).contains("reverted");
        chains.revert = false;
        r.tick().block();
        assertThat(store.rows).hasSize(2); // a new move, since nothing was moved
    }

    @Test
    void aTransferThatWouldRevertIsFailedBeforeAnythingIsSigned() {
        warps.held(A, USDC, 0).held(B, USDC, 5_000).held(C, USDC, 0).collateral(A, USDC, 10_000);
        warps.refuse = true;
        var r = rebalancer(usdcTargets(1_000, 1_000, 1_000));
        r.tick().block();
        r.tick().block();
        assertThat(store.rows.values()).first().satisfies(m -> {
            assertThat(m.status()).isEqualTo(MoveStatus.FAILED);
            assertThat(m.tx()).isNull();
        });
        assertThat(chains.broadcasts).isEmpty();
    }

    @Test
    void aNodeThatDoesNotAnswerLeavesTheMoveWhereItWas() {
        warps.held(A, USDC, 0).held(B, USDC, 5_000).held(C, USDC, 0).collateral(A, USDC, 10_000);
        var r = rebalancer(usdcTargets(1_000, 1_000, 1_000));
        r.tick().block();
        chains.down = true;
        r.tick().block();
        assertThat(store.rows.values()).singleElement().satisfies(m -> assertThat(m.status()).isEqualTo(MoveStatus.SIGNED));
        chains.down = false;
        chains.minedMessage = "0xm";
        r.tick().block();
        assertThat(store.rows.values()).singleElement().satisfies(m -> assertThat(m.status()).isEqualTo(MoveStatus.DISPATCHED));
        assertThat(warps.transfers).hasSize(1); // signed once
    }

    @Test
    void targetsWithoutAWarpRouteOrWithoutAPartnerAreRefusedAtStart() {
        var lonely = new LinkedHashMap<Inventory.Key, BigInteger>();
        lonely.put(new Inventory.Key(A, WETH), BigInteger.ONE);
        assertThatThrownBy(() -> rebalancer(lonely)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another rollup");
        var unknown = new LinkedHashMap<Inventory.Key, BigInteger>();
        unknown.put(new Inventory.Key(A, Address.of("0x00000000000000000000000000000000000000ff")), BigInteger.ONE);
        assertThatThrownBy(() -> rebalancer(unknown)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a token");
    }

    @Test
    void nettingCountsOnlyEachRollupsDeficit() {
        var flows = List.of(
                new InventoryNetting.Flow(A, B, USDC, BigInteger.valueOf(1_000), 3),
                new InventoryNetting.Flow(B, A, USDC, BigInteger.valueOf(700), 2),
                new InventoryNetting.Flow(C, A, USDC, BigInteger.valueOf(100), 1),
                new InventoryNetting.Flow(A, C, WETH, BigInteger.valueOf(5), 1));
        var lines = InventoryNetting.of(network, flows);
        assertThat(lines).extracting(InventoryNetting.Line::symbol).containsExactly("USDC", "WETH");
        InventoryNetting.Line usdc = lines.get(0);
        // B spent 1,000 and was repaid 700: 300 must move there; A spent 800 and was repaid 1,000; C spent 0
        assertThat(usdc.gross()).isEqualTo(BigInteger.valueOf(1_800));
        assertThat(usdc.imbalance()).isEqualTo(BigInteger.valueOf(300));
        assertThat(usdc.saved()).isEqualTo(BigInteger.valueOf(1_500));
        assertThat(usdc.savedBps()).isEqualTo(8_333);
        assertThat(usdc.orders()).isEqualTo(6);
        assertThat(lines.get(1).imbalance()).isEqualTo(BigInteger.valueOf(5)); // one way only: nothing nets
        assertThat(lines.get(1).savedBps()).isZero();
    }

    /** Moves in memory, with the one-unfinished-move-per-symbol rule the database's index keeps. */
    static final class Moves implements InventoryMoveStore {
        final Map<UUID, InventoryMove> rows = new LinkedHashMap<>();

        @Override
        public Mono<Boolean> plan(InventoryMove move) {
            if (rows.values().stream().anyMatch(m -> m.symbol().equals(move.symbol()) && !m.status().finished())) {
                return Mono.just(false);
            }
            rows.put(move.id(), move);
            return Mono.just(true);
        }

        @Override
        public Flux<InventoryMove> unfinished() {
            return Flux.fromIterable(List.copyOf(rows.values())).filter(m -> !m.status().finished());
        }

        @Override
        public Mono<Boolean> update(InventoryMove next, MoveStatus from) {
            InventoryMove now = rows.get(next.id());
            if (now == null || now.status() != from) {
                return Mono.just(false);
            }
            rows.put(next.id(), next);
            return Mono.just(true);
        }

        @Override
        public Mono<Boolean> replace(InventoryMove next, String previousHash) {
            InventoryMove now = rows.get(next.id());
            if (now == null || now.status() != MoveStatus.SIGNED || !now.tx().hash().equals(previousHash)) {
                return Mono.just(false);
            }
            rows.put(next.id(), next);
            return Mono.just(true);
        }

        @Override
        public Flux<InventoryMove> recent(int limit) {
            return Flux.fromIterable(List.copyOf(rows.values())).take(limit);
        }
    }

    /** Balances and transfers as scripted. */
    static final class Warps implements WarpChains {
        final Map<String, BigInteger> balances = new ConcurrentHashMap<>();
        final List<String> transfers = new ArrayList<>();
        boolean refuse;

        Warps held(ChainId chain, Address token, long amount) {
            balances.put(chain.value() + "/" + token + "/" + SOLVER, BigInteger.valueOf(amount));
            return this;
        }

        Warps collateral(ChainId chain, Address token, long amount) {
            balances.put(chain.value() + "/" + token + "/" + (token.equals(USDC) ? USDC_ROUTER : WETH_ROUTER), BigInteger.valueOf(amount));
            return this;
        }

        @Override
        public Mono<PreparedTransaction> prepareTransfer(ChainId from, Address router, ChainId to, BigInteger amount) {
            if (refuse) {
                return Mono.error(new RpcException("execution reverted: ERC20: transfer amount exceeds balance", "0x", RpcFailure.REVERTED));
            }
            transfers.add("r" + to.value() + "<-" + from.value() + " " + amount);
            int n = transfers.size();
            return Mono.just(new PreparedTransaction("0xhash" + n, "0xraw" + n, BigInteger.valueOf(n)));
        }

        @Override
        public Mono<BigInteger> balance(ChainId chain, Address token, Address holder) {
            return Mono.just(balances.getOrDefault(chain.value() + "/" + token + "/" + holder, BigInteger.ZERO));
        }
    }

    /** The cross-saga port, with only what moves use scripted. */
    static final class Chains implements CrossChains {
        final List<String> broadcasts = new ArrayList<>();
        final List<String> awaited = new ArrayList<>();
        final java.util.Set<String> delivered = new java.util.HashSet<>();
        final java.util.Set<String> nonceTaken = new java.util.HashSet<>();
        /** Hashes sent and not mined: waiting for them waits on. */
        final java.util.Set<String> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final Map<String, Integer> seen = new HashMap<>();
        String minedMessage;
        /** A pending hash that is mined the moment a replacement is asked for. */
        String minedOnReplacement;
        int replacements;
        int resyncs;
        boolean revert;
        boolean down;

        @Override
        public Mono<String> broadcast(ChainId chain, PreparedTransaction tx) {
            if (down) {
                return Mono.error(new RpcException("connection refused", null, RpcFailure.TRANSIENT));
            }
            broadcasts.add(tx.raw());
            if (nonceTaken.contains(tx.raw())) {
                return Mono.error(new RpcException("nonce too low", null, RpcFailure.NONCE_TOO_LOW));
            }
            return Mono.just(tx.hash());
        }

        @Override
        public Mono<Mined> await(ChainId chain, String txHash) {
            awaited.add(txHash);
            if (pending.contains(txHash)) {
                return Mono.never();
            }
            return Mono.just(revert ? new Mined(false, 7, "ERC20: insufficient allowance", Optional.empty())
                    : new Mined(true, 7, null, Optional.ofNullable(minedMessage)));
        }

        @Override
        public Mono<Boolean> delivered(ChainId chain, String messageId) {
            return Mono.just(delivered.contains(messageId));
        }

        @Override
        public Mono<PreparedTransaction> replacement(ChainId chain, PreparedTransaction stuck) {
            replacements++;
            if (minedOnReplacement != null) {
                pending.remove(minedOnReplacement);
            }
            if (nonceTaken.contains(stuck.raw())) {
                return Mono.just(new PreparedTransaction("0xfreshhash", "0xfresh", stuck.nonce().add(BigInteger.ONE)));
            }
            // its nonce is still the chain's next: the same transaction at a higher fee
            String n = stuck.raw().replace("0xraw", "");
            return Mono.just(new PreparedTransaction("0xbumphash" + n, "0xbump" + n, stuck.nonce()));
        }

        @Override
        public Mono<Void> simulateOpen(CrossOrder order, byte[] signature) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<PreparedTransaction> prepareOpen(CrossOrder order, byte[] signature) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<BigInteger> simulateFill(CrossOrder order, Fill fill) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<PreparedTransaction> prepareFill(CrossOrder order, Fill fill) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<PreparedTransaction> prepareSettle(ChainId destination, ChainId origin, CrossSettlerAbi.Kind kind,
                                                       List<CrossOrder> orders) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<CrossSettlerAbi.Escrow> escrow(CrossOrder order) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<CrossSettlerAbi.FillRecord> fillRecord(CrossOrder order) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<BlockRef> head(ChainId chain) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<BlockRef> finalized(ChainId chain) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<io.metaroute.settlement.ledger.CrossLedger.FeeAccounts> feeAccounts(ChainId origin, ChainId destination) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<CrossSettlerAbi.Escrow> escrowAt(CrossOrder order, long block) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<BigInteger> balanceAt(ChainId chain, Address token, Address holder, long block) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<Long> openBlock(CrossOrder order, long fromBlock) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public void reorganised(ChainId chain) {
            resyncs++;
        }

        @Override
        public Address repayTo() {
            return SOLVER;
        }
    }
}
