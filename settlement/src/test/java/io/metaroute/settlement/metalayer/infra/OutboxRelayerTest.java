package io.metaroute.settlement.metalayer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.settlement.metalayer.domain.HyperlaneMessage;
import io.metaroute.settlement.metalayer.domain.IsmMetadata;
import io.metaroute.settlement.metalayer.domain.OutboxEntry;
import io.metaroute.settlement.metalayer.store.MetalayerDatabase;
import io.metaroute.settlement.metalayer.store.PostgresOutbox;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;
import reactor.core.Disposable;

/**
 * The relayer over its PostgreSQL outbox, on the devnet: stopped between storing a delivery and
 * its confirmation, a new relayer process delivers it exactly once; a stuck delivery is replaced
 * at the same nonce with a higher fee; an unpaid message is skipped; a delivery a reorg removed is
 * delivered again; a delivery another sender has in the pool is waited for, not failed. The
 * destination here is veil (1 s blocks), whose block production the tests stop and restart to hold
 * a transaction in the pool.
 */
@ExtendWith(DevnetExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxRelayerTest {
    private static final Duration T = Duration.ofSeconds(30);
    private MetalayerFixture fx;
    private PostgresOutbox outbox;
    private Rollup origin;
    private Rollup destination;
    private URI destinationRpc;
    private Map<Domain, Long> start;
    private final java.util.List<Disposable> loops = new java.util.ArrayList<>();
    private final java.util.List<MetalayerNetwork> networks = new java.util.ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        fx = new MetalayerFixture(DevnetExtension.shared());
        outbox = new PostgresOutbox(MetalayerDatabase.fresh("outbox"));
        origin = fx.devnet.rollup("ember");
        destination = fx.devnet.rollup("veil");
        destinationRpc = destination.rpcUrl();
        start = new HashMap<>();
        for (Rollup r : fx.devnet.network().rollups()) {
            start.put(r.domain(), fx.head(r.domain()) + 1);
        }
        fx.startGuardians(Duration.ofSeconds(1));
    }

    @AfterEach
    void stopRelayers() throws Exception {
        loops.forEach(Disposable::dispose);
        loops.clear();
        AnvilControl.intervalMining(destinationRpc, 1);
    }

    @AfterAll
    void tearDown() {
        networks.forEach(MetalayerNetwork::close);
        fx.close();
    }

    /** A relayer as a new process would build it: its own RPC clients (and so its own nonce tracking). */
    private Disposable startRelayer(OutboxRelayer.Settings settings) {
        var network = new MetalayerNetwork(fx.devnet.network());
        networks.add(network);
        var relayer = new Relayer(network, fx.signatures, fx.snapshots, ReadAttesters.inProcess(fx.stateSigners),
                fx.devnet.relayer().credentials(), Duration.ZERO);
        var loop = new OutboxRelayer(network, relayer, outbox, fx.devnet.relayer().credentials(), settings, start,
                new OutboxRelayer.Listener() { }).run().subscribe();
        loops.add(loop);
        return loop;
    }

    private static OutboxRelayer.Settings fast() {
        return OutboxRelayer.Settings.defaults().withConfirmations(1);
    }

    private HyperlaneMessage dispatch(String text, byte[] write, long gasLimit) {
        return fx.client.dispatch(origin.domain(), destination.domain(), fx.recipients.get(destination.domain()), write,
                FinalityState.INSTANT, gasLimit, fx.app).block(T).message();
    }

    private HyperlaneMessage dispatch(String text) {
        return dispatch(text, text.getBytes(StandardCharsets.UTF_8), MetalayerFixture.GAS_LIMIT);
    }

    private OutboxEntry await(HyperlaneMessage m, Predicate<OutboxEntry> until, String what) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        OutboxEntry last = null;
        while (System.nanoTime() < deadline) {
            last = outbox.find(m.id()).block(T);
            if (last != null && until.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("outbox entry of " + m.id() + " never became " + what + ": " + last);
    }

    private long received(String text) throws Exception {
        return fx.received(destination.domain()).stream().filter(r -> new String(r.message(), StandardCharsets.UTF_8).equals(text))
                .count();
    }

    @Test
    void aRelayerStoppedBetweenStoringItsTransactionAndItsConfirmationDeliversExactlyOnceAfterARestart() throws Exception {
        AnvilControl.intervalMining(destinationRpc, 0); // the delivery stays in veil's pool
        String text = "outbox restart";
        var m = dispatch(text);
        Disposable first = startRelayer(fast());
        var submitted = await(m, e -> e.status() == OutboxEntry.Status.SUBMITTED, "submitted");
        first.dispose(); // the relayer process is gone before it saw its transaction mined
        assertThat(AnvilControl.inPool(destinationRpc, submitted.txHash())).as("broadcast before the stop").isTrue();
        // as if the broadcast had never reached the node: only the stored bytes remain
        AnvilControl.dropTransaction(destinationRpc, submitted.txHash());
        assertThat(AnvilControl.inPool(destinationRpc, submitted.txHash())).isFalse();
        AnvilControl.intervalMining(destinationRpc, 1);

        startRelayer(fast());
        var delivered = await(m, e -> e.status() == OutboxEntry.Status.DELIVERED, "delivered");
        assertThat(delivered.txHash()).as("the stored transaction, rebroadcast").isEqualTo(submitted.txHash());
        assertThat(delivered.attempts()).isEqualTo(1);
        Thread.sleep(3_000); // it keeps running: nothing is delivered twice
        assertThat(received(text)).isEqualTo(1);
        assertThat(fx.relayer.delivered(m).block(T)).isTrue();
        assertThat(outbox.find(m.id()).block(T).status()).isEqualTo(OutboxEntry.Status.DELIVERED);
    }

    @Test
    void aDeliveryStuckInThePoolIsReplacedAtTheSameNonceWithAtLeastTenPercentMoreFee() throws Exception {
        AnvilControl.intervalMining(destinationRpc, 0);
        String text = "outbox stuck";
        var m = dispatch(text);
        startRelayer(fast().withStuckAfter(Duration.ofSeconds(1)));
        var first = await(m, e -> e.status() == OutboxEntry.Status.SUBMITTED, "submitted");
        var replaced = await(m, e -> e.status() == OutboxEntry.Status.SUBMITTED && e.attempts() >= 2, "replaced");
        assertThat(replaced.txNonce()).isEqualTo(first.txNonce());
        assertThat(replaced.txHash()).isNotEqualTo(first.txHash());
        assertThat(replaced.gasPriceWei()).isGreaterThanOrEqualTo(first.gasPriceWei().multiply(BigInteger.valueOf(110))
                .divide(BigInteger.valueOf(100)));
        AnvilControl.intervalMining(destinationRpc, 1);
        var delivered = await(m, e -> e.status() == OutboxEntry.Status.DELIVERED, "delivered");
        var receipt = fx.devnet.web3j(destination.chainId()).ethGetTransactionReceipt(delivered.txHash()).send().getTransactionReceipt();
        assertThat(receipt).as("the last replacement is the one mined").isPresent();
        assertThat(received(text)).isEqualTo(1);
    }

    @Test
    void aMessageWhoseInterchainGasWasNotPaidIsNotDelivered() throws Exception {
        byte[] big = new byte[2_048]; // storing it in handle costs far more than the 150,001 gas paid below
        java.util.Arrays.fill(big, (byte) 7);
        var unpaid = dispatch("unpaid", big, 1);
        big[0] = 8;
        var paid = dispatch("paid", big, 3_000_000);
        startRelayer(fast());
        await(paid, e -> e.status() == OutboxEntry.Status.DELIVERED, "delivered");
        var skipped = await(unpaid, e -> e.reason() != null && e.reason().startsWith("unpaid"), "skipped as unpaid");
        assertThat(skipped.status()).isEqualTo(OutboxEntry.Status.PENDING);
        assertThat(skipped.txHash()).isNull();
        assertThat(skipped.attempts()).isZero();
        assertThat(fx.relayer.delivered(unpaid).block(T)).isFalse();
    }

    @Test
    void aDeliveryThatADestinationReorgRemovedIsDeliveredAgain() throws Exception {
        String text = "outbox reorg";
        var m = dispatch(text);
        startRelayer(fast().withConfirmations(6));
        var mined = await(m, e -> e.minedBlock() != null, "seen mined");
        // from the delivery's block up, and not below: the recipient was deployed only a few blocks earlier
        AnvilControl.reorgFrom(destinationRpc, mined.minedBlock(), 1);
        assertThat(fx.relayer.delivered(m).block(T)).as("the reorg took the delivery away").isFalse();
        var delivered = await(m, e -> e.status() == OutboxEntry.Status.DELIVERED, "delivered again");
        assertThat(delivered.minedBlock()).isNotNull();
        assertThat(fx.relayer.delivered(m).block(T)).isTrue();
        assertThat(received(text)).isEqualTo(1);
    }

    @Test
    void aDeliveryAnotherSenderHasInThePoolIsWaitedForWithoutCountingAFailedTry() throws Exception {
        AnvilControl.intervalMining(destinationRpc, 0);
        String text = "outbox delivered by another";
        var m = dispatch(text);
        // anyone may call Mailbox.process: another account's delivery of the message waits in veil's pool
        var sigs = fx.relayer.gather(m).block(T);
        String data = Relayer.processData(m, IsmMetadata.messageIdMultisig(sigs.get(0).checkpoint(), sigs));
        var other = fx.devnet.wallets().get(1).credentials();
        var web3j = fx.devnet.web3j(destination.chainId());
        BigInteger nonce = web3j.ethGetTransactionCount(other.getAddress(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount();
        BigInteger price = web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
        var raw = RawTransaction.createTransaction(nonce, price, BigInteger.valueOf(1_000_000),
                fx.devnet.metalayer(destination.chainId()).mailbox().hex(), BigInteger.ZERO, data);
        String hash = web3j.ethSendRawTransaction(Numeric.toHexString(TransactionEncoder.signMessage(raw,
                destination.chainId().value(), other))).send().getTransactionHash();
        assertThat(AnvilControl.inPool(destinationRpc, hash)).isTrue();

        startRelayer(fast());
        await(m, e -> e.reason() != null && e.reason().contains("another transaction"), "waiting for the other delivery");
        Thread.sleep(2_000); // a round every 200 ms: failed tries would have been counted by now
        var waiting = outbox.find(m.id()).block(T);
        assertThat(waiting.status()).isEqualTo(OutboxEntry.Status.PENDING);
        assertThat(waiting.attempts()).isZero();
        assertThat(waiting.txHash()).isNull();
        AnvilControl.intervalMining(destinationRpc, 1);
        var delivered = await(m, e -> e.status() == OutboxEntry.Status.DELIVERED, "delivered");
        assertThat(delivered.txHash()).as("confirmed without a transaction of its own").isNull();
        assertThat(received(text)).isEqualTo(1);
    }
}
