package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.contracts.generated.TestToken;
import io.metaroute.core.chain.Address;
import io.metaroute.core.intent.SwapIntent;
import io.metaroute.core.network.Rollup;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.Transfer;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Convert;

/**
 * Intake reads the wallet from the chain: an intent its balance or its allowance to the settler
 * does not cover is refused at once with what is missing, and one they cover is accepted and fills.
 */
class IntakeFundsTest extends ApiTestBase {
    private static final BigInteger HALF_USDC = BigInteger.valueOf(500_000);
    private static final StaticGasProvider GAS = new StaticGasProvider(BigInteger.valueOf(3_000_000_000L), BigInteger.valueOf(300_000));

    @Test
    void allowanceBelowTheInputIsRefusedAndOneThatCoversItFills() throws Exception {
        Rollup ember = gaming();
        Credentials fresh = Credentials.create(ECKeyPair.create(freshNonce().add(BigInteger.ONE)));
        var funder = wallet(devnet().wallets().size() - 1).credentials();
        var web3j = devnet().web3j(ember.chainId());
        var usdc = token(ember, "USDC");
        TestToken.load(usdc.hex(), web3j, new RawTransactionManager(web3j, funder, ember.chainId().value(),
                devnet().receiptProcessor(ember.chainId())), GAS).transfer(fresh.getAddress(), HALF_USDC).send();

        // holds 0.5 USDC, has approved nothing
        expectProblem(post(intentOf(fresh, HALF_USDC), fresh), 422, "insufficient_allowance");

        new Transfer(web3j, new RawTransactionManager(web3j, funder, ember.chainId().value(), devnet().receiptProcessor(ember.chainId())))
                .sendFunds(fresh.getAddress(), new BigDecimal("0.01"), Convert.Unit.ETHER).send();
        TestToken.load(usdc.hex(), web3j, new RawTransactionManager(web3j, fresh, ember.chainId().value(),
                devnet().receiptProcessor(ember.chainId())), GAS).approve(ember.settler().hex(), HALF_USDC).send();

        // holds and has approved 0.5 USDC: one base unit more is more than it holds
        expectProblem(post(intentOf(fresh, HALF_USDC.add(BigInteger.ONE)), fresh), 422, "insufficient_balance");

        var covered = signedBody(intentOf(fresh, HALF_USDC), domainOf(ember), fresh);
        String id = submit(covered);
        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("filled");
        assertThat(devnet().balanceOf(ember.chainId(), usdc, Address.of(fresh.getAddress()))).isZero();

        // the same signed intent again, now that the wallet is empty: still the first answer, not a refusal
        JsonNode again = patientHttp().post().uri("/v1/intents").bodyValue(covered).exchange()
                .expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(again.get("id").asText()).isEqualTo(id);
        assertThat(again.get("duplicate").asBoolean()).isTrue();
    }

    private SwapIntent intentOf(Credentials signer, BigInteger amountIn) {
        Rollup r = gaming();
        Address user = Address.of(signer.getAddress());
        return new SwapIntent(user, user, freshNonce(), r.chainId(), r.chainId(), token(r, "USDC"), amountIn,
                token(r, "WETH"), BigInteger.ONE, Instant.now().getEpochSecond() + 600);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec post(SwapIntent intent, Credentials signer) {
        return patientHttp().post().uri("/v1/intents").bodyValue(signedBody(intent, domainOf(gaming()), signer)).exchange();
    }

    private void expectProblem(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response, int status, String kind) {
        long before = intentCount();
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.kind").isEqualTo(kind)
                .jsonPath("$.field").isEqualTo("typedData.message.amountIn")
                .jsonPath("$.detail").isNotEmpty();
        assertThat(intentCount()).as("a refused intent stores nothing").isEqualTo(before);
    }
}
