package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.ContractArtifact;
import io.metaroute.devnet.Devnet;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.utils.Numeric;

/** Devnet helpers for the Metalayer API tests: a fresh test recipient, and {@code Mailbox.delivered}. */
final class MetalayerTestContracts {
    private MetalayerTestContracts() {
    }

    static Address deployRecipient(Devnet devnet, Rollup r, Credentials from) throws Exception {
        var web3j = devnet.web3j(r.chainId());
        String code = ContractArtifact.bytecode("MetalayerTestRecipient") + FunctionEncoder.encodeConstructor(
                List.of(new org.web3j.abi.datatypes.Address(devnet.metalayer(r.chainId()).router().hex())));
        BigInteger nonce = web3j.ethGetTransactionCount(from.getAddress(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount();
        BigInteger price = web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
        var raw = RawTransaction.createContractTransaction(nonce, price, BigInteger.valueOf(2_000_000), BigInteger.ZERO, code);
        String hash = web3j.ethSendRawTransaction(Numeric.toHexString(TransactionEncoder.signMessage(raw, r.chainId().value(), from)))
                .send().getTransactionHash();
        var receipt = devnet.receiptProcessor(r.chainId()).waitForTransactionReceipt(hash);
        assertThat(receipt.isStatusOK()).isTrue();
        return Address.of(receipt.getContractAddress());
    }

    @SuppressWarnings("rawtypes")
    static boolean delivered(Devnet devnet, Rollup r, String messageId) throws Exception {
        var f = new Function("delivered", List.<Type>of(new Bytes32(Numeric.hexStringToByteArray(messageId))),
                List.of(new TypeReference<Bool>() { }));
        var mailbox = devnet.metalayer(r.chainId()).mailbox();
        var out = devnet.web3j(r.chainId()).ethCall(Transaction.createEthCallTransaction(null, mailbox.hex(),
                FunctionEncoder.encode(f)), DefaultBlockParameterName.LATEST).send();
        return (Boolean) FunctionReturnDecoder.decode(out.getValue(), f.getOutputParameters()).get(0).getValue();
    }
}
