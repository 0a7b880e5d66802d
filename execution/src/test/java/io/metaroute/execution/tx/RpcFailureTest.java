package io.metaroute.execution.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.exceptions.ClientConnectionException;

/** The classifier on the exact strings nodes send; the anvil ones were read from anvil 1.7.1 by {@link SendErrorsTest}. */
class RpcFailureTest {

    @Test
    void anvilsSendRefusals() {
        assertThat(RpcFailure.of(-32003, "transaction already imported")).isEqualTo(RpcFailure.ALREADY_KNOWN);
        assertThat(RpcFailure.of(-32003, "replacement transaction underpriced")).isEqualTo(RpcFailure.UNDERPRICED);
        assertThat(RpcFailure.of(-32003, "nonce too low")).isEqualTo(RpcFailure.NONCE_TOO_LOW);
    }

    @Test
    void gethStyleSendRefusals() {
        assertThat(RpcFailure.of(-32000, "already known")).isEqualTo(RpcFailure.ALREADY_KNOWN);
        assertThat(RpcFailure.of(-32000, "nonce too low: next nonce 5, tx nonce 4")).isEqualTo(RpcFailure.NONCE_TOO_LOW);
        assertThat(RpcFailure.of(-32000, "transaction underpriced")).isEqualTo(RpcFailure.UNDERPRICED);
        assertThat(RpcFailure.of(-32000, "max fee per gas less than block base fee")).isEqualTo(RpcFailure.UNDERPRICED);
        assertThat(RpcFailure.of(-32000, "insufficient funds for gas * price + value")).isEqualTo(RpcFailure.FATAL);
    }

    @Test
    void revertsAreVerdictsAndHiccupsAreTransient() {
        assertThat(RpcFailure.of(3, "execution reverted")).isEqualTo(RpcFailure.REVERTED);
        assertThat(RpcFailure.of(-32000, "execution reverted: custom error 0x90b8ec18")).isEqualTo(RpcFailure.REVERTED);
        assertThat(RpcFailure.of(-32000, "header not found")).isEqualTo(RpcFailure.TRANSIENT);
        assertThat(RpcFailure.of(-32005, "request rate exceeded")).isEqualTo(RpcFailure.TRANSIENT);
        assertThat(RpcFailure.of(-32000, "request timed out")).isEqualTo(RpcFailure.TRANSIENT);
        assertThat(RpcFailure.of(-32602, "invalid params")).isEqualTo(RpcFailure.FATAL);
        assertThat(RpcFailure.of(-32601, "the method eth_foo does not exist/is not available")).isEqualTo(RpcFailure.FATAL);
    }

    @Test
    void transportFailures() {
        assertThat(RpcFailure.of(new SocketTimeoutException("timeout"))).isEqualTo(RpcFailure.TRANSIENT);
        assertThat(RpcFailure.of(new CompletionException(new ConnectException("Connection refused")))).isEqualTo(RpcFailure.TRANSIENT);
        assertThat(RpcFailure.of(new TimeoutException())).isEqualTo(RpcFailure.TRANSIENT);
        assertThat(RpcFailure.of(new ClientConnectionException("Invalid response received: 503; busy"))).isEqualTo(RpcFailure.TRANSIENT);
        assertThat(RpcFailure.of(new ClientConnectionException("Invalid response received: 429; slow down"))).isEqualTo(RpcFailure.TRANSIENT);
        assertThat(RpcFailure.of(new ClientConnectionException("Invalid response received: 401; no"))).isEqualTo(RpcFailure.FATAL);
        assertThat(RpcFailure.of(new IllegalStateException("bug"))).isEqualTo(RpcFailure.FATAL);
    }
}
