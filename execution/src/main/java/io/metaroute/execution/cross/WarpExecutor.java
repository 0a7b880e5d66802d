package io.metaroute.execution.cross;

import io.metaroute.core.chain.Address;
import io.metaroute.core.cross.CrossSettlerAbi;
import io.metaroute.execution.tx.ChainClient;
import io.metaroute.execution.tx.PreparedTransaction;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;
import reactor.core.publisher.Mono;

/**
 * The solver's side of Hyperlane warp routes on one rollup ({@code HypERC20Collateral}: the router locks the
 * token here and releases it from its collateral on the destination): the interchain gas a transfer pays,
 * the transfer itself signed and not sent, and the balances that bound it. Sending, awaiting and the
 * dispatched message id go through {@link CrossExecutor}, as every Metalayer dispatch of the solver does.
 */
public final class WarpExecutor {
    private final ChainClient chain;

    public WarpExecutor(ChainClient chain) {
        this.chain = Objects.requireNonNull(chain, "chain");
    }

    /** {@code quoteGasPayment(destination)}: the wei a transfer to {@code destinationDomain} pays the interchain gas paymaster. */
    public Mono<BigInteger> quote(Address router, long destinationDomain) {
        return chain.call(router.hex(), FunctionEncoder.encode(new Function("quoteGasPayment",
                List.of(new Uint32(destinationDomain)), List.of()))).map(CrossSettlerAbi::decodeUint);
    }

    /**
     * {@code transferRemote(destination, recipient, amount)} paying exactly the quoted interchain gas: the router
     * takes {@code amount} of its token from the solver here (its allowance is given at deployment) and its
     * counterpart on {@code destinationDomain} pays it to {@code recipient}. Estimated and signed, not sent.
     */
    public Mono<PreparedTransaction> prepareTransfer(Address router, long destinationDomain, Address recipient, BigInteger amount) {
        if (amount.signum() <= 0) {
            return Mono.error(new IllegalArgumentException("a warp transfer moves a positive amount, got " + amount));
        }
        String data = FunctionEncoder.encode(new Function("transferRemote", List.of(new Uint32(destinationDomain),
                new Bytes32(Numeric.toBytesPadded(Numeric.toBigInt(recipient.hex()), 32)), new Uint256(amount)), List.of()));
        return quote(router, destinationDomain).flatMap(fee -> chain.prepare(router.hex(), data, fee));
    }

    /** ERC-20 {@code balanceOf(holder)} at the latest block. */
    public Mono<BigInteger> balance(Address token, Address holder) {
        return chain.call(token.hex(), CrossSettlerAbi.balanceOf(holder), DefaultBlockParameterName.LATEST)
                .map(CrossSettlerAbi::decodeUint);
    }
}
