package io.metaroute.quotefeeds.gas;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.network.Network;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.Devnet;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.quotefeeds.gas.domain.GasBook;
import io.metaroute.quotefeeds.gas.domain.GasQuote;
import io.metaroute.quotefeeds.gas.infra.GasCollector;
import io.metaroute.quotefeeds.observe.QuoteFeedEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;
import reactor.test.StepVerifier;

/**
 * The gas collector against a real anvil rollup: it reports the base fee the chain's blocks carry,
 * and follows a change set with {@code anvil_setNextBlockBaseFeePerGas} and mined with {@code evm_mine},
 * over a WebSocket {@code newHeads} subscription and by polling.
 */
@ExtendWith(DevnetExtension.class)
class GasCollectorLiveTest {

    @Test
    void reportsTheChainsBaseFeeAndFollowsAChangeOverWebSocket(Devnet devnet) throws Exception {
        followsAChange(devnet, devnet.rollup("veil"), true, BigInteger.valueOf(777_777_777));
    }

    @Test
    void followsAChangeByPollingWithoutAWebSocket(Devnet devnet) throws Exception {
        Rollup veil = devnet.rollup("veil");
        Rollup polled = new Rollup(veil.name(), veil.profile(), veil.chainId(), veil.domain(), veil.rpcUrl(), null,
                veil.blockTime(), veil.gasPriceWei(), veil.settler(), veil.poolFactory(), veil.tokens(), veil.pools());
        followsAChange(devnet, polled, false, BigInteger.valueOf(888_888_889));
    }

    private void followsAChange(Devnet devnet, Rollup rollup, boolean webSocket, BigInteger target) throws Exception {
        var web3j = devnet.web3j(rollup.chainId());
        var metrics = new SimpleMeterRegistry();
        var book = GasBook.of(new Network(List.of(rollup)), 10, Clock.systemUTC());
        var collector = new GasCollector(rollup, web3j, book, new QuoteFeedEvents(metrics), Clock.systemUTC(), webSocket);

        // a first reading carries the base fee of the block it names, as the node reports it
        GasQuote first = collector.loadOnce().block(Duration.ofSeconds(10));
        assertThat(first).isNotNull();
        assertThat(first.baseFeeWei()).isEqualTo(baseFeeAt(devnet, rollup, first.block()));
        assertThat(first.priorityFeeWei()).as("anvil suggests a tip").isPositive();
        assertThat(book.gasPriceWei(rollup.chainId())).contains(first.baseFeeWei().add(first.priorityFeeWei()));
        assertThat(first.baseFeeWei()).as("the devnet's fees decay over empty blocks; the target must be new").isNotEqualTo(target);

        var following = collector.start();
        try {
            Thread.sleep(500); // subscribed
            var rpc = new HttpService(rollup.rpcUrl().toString());
            new Request<>("anvil_setNextBlockBaseFeePerGas", List.of("0x" + target.toString(16)), rpc, VoidResponse.class).send();
            new Request<>("evm_mine", List.of(), rpc, VoidResponse.class).send();
            GasQuote changed = book.changes(rollup.chainId())
                    .filter(q -> q.baseFeeWei().equals(target))
                    .blockFirst(Duration.ofSeconds(10));
            assertThat(changed).isNotNull();
            assertThat(changed.block()).isGreaterThan(first.block());
            assertThat(baseFeeAt(devnet, rollup, changed.block())).isEqualTo(target);
            assertThat(book.gasPriceWei(rollup.chainId())).isPresent();
            // the next blocks go on from there: the collector keeps following
            StepVerifier.create(book.changes(rollup.chainId()).filter(q -> q.block() > changed.block()).take(1))
                    .assertNext(q -> assertThat(q.baseFeeWei()).isEqualTo(baseFeeAt(devnet, rollup, q.block())))
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
            assertThat(metrics.get("metaroute.feeds.gas.base-fee").tag("chain", rollup.chainId().toString()).gauge().value())
                    .isPositive();
            // the book publishes a reading before the collector counts it, on the collector's thread
            var updates = metrics.counter("metaroute.feeds.gas.updates", "chain", rollup.chainId().toString());
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (updates.count() < 3 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(updates.count()).isGreaterThanOrEqualTo(3);
        } finally {
            following.dispose();
        }
    }

    private static BigInteger baseFeeAt(Devnet devnet, Rollup rollup, long block) {
        try {
            return devnet.web3j(rollup.chainId()).ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false)
                .send().getBlock().getBaseFeePerGas();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
