package io.metaroute.execution.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.Devnet;
import io.metaroute.devnet.DevnetExtension;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.utils.Numeric;
import reactor.test.StepVerifier;

/**
 * Send refusals as a real node words them: a wallet sends duplicate, replacing and stale
 * transactions to a devnet rollup whose block production the test holds while it needs a
 * transaction to wait in the pool (and mines by hand), and {@link RpcFailure} reads each error
 * the node returned; then {@link ChainClient} handles each as its contract says.
 */
@ExtendWith(DevnetExtension.class)
class SendErrorsTest {
    /** anvil's well-known dev accounts 6 and 7: funded with ether on every rollup, used by no other test. */
    static final Credentials SPARE_6 = Credentials.create("0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e");
    static final Credentials SPARE_7 = Credentials.create("0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356");

    @Test
    void theNodesOwnRefusalsAreClassified(Devnet devnet) throws Exception {
        Rollup ledger = devnet.rollup("ledger");
        Web3j web3j = devnet.web3j(ledger.chainId());
        Credentials wallet = funded(web3j, SPARE_6);
        BigInteger nonce = pendingNonce(web3j, wallet);
        BigInteger price = web3j.ethGasPrice().send().getGasPrice();

        hold(ledger);
        String first = signed(ledger, wallet, nonce, price, BigInteger.ZERO);
        EthSendTransaction sent = web3j.ethSendRawTransaction(first).send();
        assertThat(sent.hasError()).as("first send: %s", sent.getError() == null ? "" : sent.getError().getMessage()).isFalse();

        EthSendTransaction again = web3j.ethSendRawTransaction(first).send();
        EthSendTransaction sameNonceSamePrice = web3j.ethSendRawTransaction(signed(ledger, wallet, nonce, price, BigInteger.ONE)).send();
        mine(ledger);
        EthSendTransaction stale = web3j.ethSendRawTransaction(signed(ledger, wallet, nonce, price, BigInteger.TWO)).send();

        System.out.printf("anvil refusals:%n  duplicate: %s%n  replacement: %s%n  stale: %s%n", describe(again),
                describe(sameNonceSamePrice), describe(stale));
        assertThat(classify(again)).isEqualTo(RpcFailure.ALREADY_KNOWN);
        assertThat(classify(sameNonceSamePrice)).isEqualTo(RpcFailure.UNDERPRICED);
        assertThat(classify(stale)).isEqualTo(RpcFailure.NONCE_TOO_LOW);
    }

    @Test
    void theClientFollowsWhatItCanAndHandsBackWhatNeedsANewSignature(Devnet devnet) throws Exception {
        Rollup ledger = devnet.rollup("ledger");
        Web3j web3j = devnet.web3j(ledger.chainId());
        Credentials wallet = funded(web3j, SPARE_7);
        var client = new ChainClient(ledger.chainId(), web3j, wallet, Duration.ofMillis(20));
        String self = wallet.getAddress();

        hold(ledger);
        PreparedTransaction tx = client.prepare(self, "0x").block(Duration.ofSeconds(10));
        assertThat(client.broadcast(tx).block(Duration.ofSeconds(10))).isEqualToIgnoringCase(tx.hash());
        // the same bytes again while pending: already known, follow the hash
        assertThat(client.broadcast(tx).block(Duration.ofSeconds(10))).isEqualToIgnoringCase(tx.hash());

        // another call on the same nonce at the same price: refused as underpriced, until re-signed with a bump
        BigInteger price = web3j.ethGasPrice().send().getGasPrice();
        var rival = new PreparedTransaction(null, signed(ledger, wallet, tx.nonce(), price, BigInteger.ONE), tx.nonce());
        StepVerifier.create(client.broadcast(rival))
                .expectErrorSatisfies(e -> assertThat(((RpcException) e).failure()).isEqualTo(RpcFailure.UNDERPRICED))
                .verify(Duration.ofSeconds(10));
        PreparedTransaction bumped = client.withBumpedFee(rival).block(Duration.ofSeconds(10));
        assertThat(bumped.nonce()).isEqualTo(tx.nonce());
        assertThat(client.broadcast(bumped).block(Duration.ofSeconds(10))).isEqualToIgnoringCase(bumped.hash());
        mine(ledger);
        var receipt = client.awaitReceipt(bumped.hash(), Duration.ofSeconds(20)).block(Duration.ofSeconds(30));
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(client.receipt(tx.hash()).blockOptional(Duration.ofSeconds(10))).as("the replaced transaction").isEmpty();

        // the replacement was mined: sending it again is "nonce too low" for our own mined transaction: follow it
        assertThat(client.broadcast(bumped).block(Duration.ofSeconds(10))).isEqualToIgnoringCase(bumped.hash());
        // the replaced one can never be mined: nonce too low is handed back, and a fresh nonce makes it sendable
        StepVerifier.create(client.broadcast(tx))
                .expectErrorSatisfies(e -> assertThat(((RpcException) e).failure()).isEqualTo(RpcFailure.NONCE_TOO_LOW))
                .verify(Duration.ofSeconds(10));
        PreparedTransaction renewed = client.withFreshNonce(tx).block(Duration.ofSeconds(10));
        assertThat(renewed.nonce()).isEqualTo(tx.nonce().add(BigInteger.ONE));
        assertThat(ChainClient.callData(renewed)).isEqualTo(ChainClient.callData(tx));
        assertThat(client.broadcast(renewed).block(Duration.ofSeconds(10))).isEqualToIgnoringCase(renewed.hash());
        mine(ledger);
        assertThat(client.awaitReceipt(renewed.hash(), Duration.ofSeconds(20)).block(Duration.ofSeconds(30)).isStatusOK()).isTrue();
    }

    @AfterEach
    void resumeBlocks(Devnet devnet) throws Exception {
        Rollup ledger = devnet.rollup("ledger");
        // ledger's block time is whole seconds (2 s), which is what interval mining takes
        node(ledger, "evm_setIntervalMining", ledger.blockTime().toSeconds());
    }

    /** Stops the rollup's interval mining: a sent transaction stays pending until {@link #mine}. */
    static void hold(Rollup r) throws Exception {
        node(r, "evm_setIntervalMining", 0);
    }

    static void mine(Rollup r) throws Exception {
        node(r, "evm_mine");
    }

    static void node(Rollup r, String method, Object... params) throws Exception {
        var http = new HttpService(r.rpcUrl().toString());
        try {
            var response = new Request<>(method, List.of(params), http, VoidResponse.class).send();
            assertThat(response.hasError()).as("%s: %s", method, response.getError() == null ? "" : response.getError().getMessage())
                    .isFalse();
        } finally {
            http.close();
        }
    }

    static RpcFailure classify(EthSendTransaction response) {
        assertThat(response.hasError()).as("the node refused it").isTrue();
        return RpcFailure.of(response.getError().getCode(), response.getError().getMessage());
    }

    static String describe(EthSendTransaction response) {
        return response.hasError() ? response.getError().getCode() + " " + response.getError().getMessage() : "accepted";
    }

    static BigInteger pendingNonce(Web3j web3j, Credentials wallet) throws Exception {
        return web3j.ethGetTransactionCount(wallet.getAddress(), DefaultBlockParameterName.PENDING).send().getTransactionCount();
    }

    static Credentials funded(Web3j web3j, Credentials account) throws Exception {
        assertThat(web3j.ethGetBalance(account.getAddress(), DefaultBlockParameterName.LATEST).send().getBalance())
                .as("ether of %s", account.getAddress()).isPositive();
        return account;
    }

    /** A plain transfer of {@code value} wei to oneself. */
    static String signed(Rollup r, Credentials wallet, BigInteger nonce, BigInteger price, BigInteger value) {
        var raw = RawTransaction.createEtherTransaction(nonce, price, BigInteger.valueOf(21_000), wallet.getAddress(), value);
        return Numeric.toHexString(TransactionEncoder.signMessage(raw, r.chainId().value(), wallet));
    }
}
