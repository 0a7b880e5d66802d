package io.metaroute.execution.fill;

import io.metaroute.core.chain.Address;
import io.metaroute.core.cross.CrossSettlerAbi;
import io.metaroute.execution.tx.ChainClient;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import reactor.core.publisher.Mono;

/**
 * What a wallet can pay the settler on one rollup: its balance of a token and its allowance to
 * the settler, read at the pending state through the {@link ChainClient}. The settler's
 * {@code transferFrom} needs both to cover the intent's input, or it reverts {@code TransferFailed}.
 */
public final class WalletFunds {
    /** Balance and allowance to the settler, in base units. */
    public record Funds(BigInteger balance, BigInteger allowance) {
    }

    private final ChainClient chain;
    private final Address settler;

    public WalletFunds(ChainClient chain, Address settler) {
        this.chain = chain;
        this.settler = settler;
    }

    /** Both reads side by side; fails with the RPC error when the node does not answer. */
    public Mono<Funds> of(Address owner, Address token) {
        Mono<BigInteger> balance = chain.call(token.hex(), CrossSettlerAbi.balanceOf(owner)).map(CrossSettlerAbi::decodeUint);
        Mono<BigInteger> allowance = chain.call(token.hex(), FunctionEncoder.encode(new Function("allowance",
                List.of(addr(owner), addr(settler)), List.of()))).map(CrossSettlerAbi::decodeUint);
        return Mono.zip(balance, allowance, Funds::new);
    }

    private static org.web3j.abi.datatypes.Address addr(Address a) {
        return new org.web3j.abi.datatypes.Address(a.hex());
    }
}
