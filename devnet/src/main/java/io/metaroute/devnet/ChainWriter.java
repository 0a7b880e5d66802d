package io.metaroute.devnet;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.tx.response.TransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * Raw transactions on one rollup with our own nonce per account: send without waiting (so a batch
 * lands in as few blocks as possible under interval mining), then await the receipts, polling fast.
 * Gas limits are fixed by the caller: nothing is estimated, so nothing can burn a nonce on a failed estimate.
 */
final class ChainWriter {
    static final long RECEIPT_POLL_MILLIS = 20;
    private static final int RECEIPT_ATTEMPTS = 1_500; // 30 s

    private final Web3j web3j;
    private final long chainId;
    private final BigInteger gasPrice;
    private final Map<String, BigInteger> nonces = new ConcurrentHashMap<>();
    /** Every signed transaction sent, by hash, until its receipt is in: what to send again if the node drops it. */
    private final Map<String, Sent> sentByHash = new ConcurrentHashMap<>();

    private record Sent(RawTransaction tx, Credentials from, String signed) {
    }

    ChainWriter(Web3j web3j, long chainId, BigInteger gasPrice) {
        this.web3j = web3j;
        this.chainId = chainId;
        this.gasPrice = gasPrice;
    }

    static TransactionReceiptProcessor receiptProcessor(Web3j web3j) {
        return new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS, RECEIPT_ATTEMPTS);
    }

    /** Sends a contract creation; returns the transaction hash. */
    String deploy(Credentials from, String bytecodeAndArgs, long gasLimit) {
        return send(from, null, bytecodeAndArgs, gasLimit);
    }

    /** Sends a call to {@code to}; returns the transaction hash. */
    String call(Credentials from, String to, Function function, long gasLimit) {
        return send(from, to, FunctionEncoder.encode(function), gasLimit);
    }

    private String send(Credentials from, String to, String data, long gasLimit) {
        String account = from.getAddress().toLowerCase(java.util.Locale.ROOT);
        synchronized (nonces) {
            BigInteger nonce = nonces.containsKey(account) ? nonces.get(account) : pendingNonce(account);
            RawTransaction tx = to == null
                    ? RawTransaction.createContractTransaction(nonce, gasPrice, BigInteger.valueOf(gasLimit), BigInteger.ZERO, data)
                    : RawTransaction.createTransaction(nonce, gasPrice, BigInteger.valueOf(gasLimit), to, BigInteger.ZERO, data);
            String signed = Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, from));
            EthSendTransaction sent;
            try {
                sent = web3j.ethSendRawTransaction(signed).send();
            } catch (IOException e) {
                nonces.remove(account); // unknown whether it arrived: re-read the nonce next time
                throw new DevnetException("could not send a transaction on chain " + chainId, e);
            }
            if (sent.hasError()) {
                nonces.remove(account);
                throw new DevnetException("chain " + chainId + " rejected a transaction from " + account + ": "
                        + sent.getError().getMessage());
            }
            nonces.put(account, nonce.add(BigInteger.ONE));
            sentByHash.put(sent.getTransactionHash(), new Sent(tx, from, signed));
            return sent.getTransactionHash();
        }
    }

    private BigInteger pendingNonce(String account) {
        try {
            var count = web3j.ethGetTransactionCount(account, DefaultBlockParameterName.PENDING).send();
            if (count.hasError()) {
                throw new DevnetException("eth_getTransactionCount failed: " + count.getError().getMessage());
            }
            return count.getTransactionCount();
        } catch (IOException e) {
            throw new DevnetException("could not read the nonce of " + account + " on chain " + chainId, e);
        }
    }

    /** Waits for every receipt and fails if any transaction reverted. */
    List<TransactionReceipt> awaitAll(List<String> hashes, String what) {
        return hashes.stream().map(h -> await(h, what)).toList();
    }

    TransactionReceipt await(String hash, String what) {
        TransactionReceipt receipt;
        try {
            receipt = awaitReceipt(hash);
        } catch (IOException | TransactionException e) {
            throw new DevnetException(what + ": no receipt for " + hash + " on chain " + chainId, e);
        }
        sentByHash.remove(hash);
        if (!receipt.isStatusOK()) {
            throw new DevnetException(what + ": transaction " + hash + " on chain " + chainId + " reverted (gas used "
                    + receipt.getGasUsed() + ")");
        }
        return receipt;
    }

    /**
     * The receipt within 30 s. anvil under interval mining was seen to drop a pending transaction
     * while hundreds were sent (the node no longer knew the hash and held the account's later nonces
     * as queued, and refused the same bytes again): every 2 s without a receipt, a transaction the
     * node does not know is sent again — the same bytes, or if the node refuses them, the same
     * transaction at the same nonce with a 10% higher gas price — so it cannot land twice.
     */
    private TransactionReceipt awaitReceipt(String hash) throws IOException, TransactionException {
        long until = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        long recheck = System.nanoTime() + java.time.Duration.ofSeconds(2).toNanos();
        String current = hash;
        while (System.nanoTime() < until) {
            var r = web3j.ethGetTransactionReceipt(current).send();
            if (r.getTransactionReceipt().isPresent()) {
                return r.getTransactionReceipt().get();
            }
            if (System.nanoTime() > recheck) {
                recheck = System.nanoTime() + java.time.Duration.ofSeconds(2).toNanos();
                Sent sent = sentByHash.get(current);
                if (sent != null && web3j.ethGetTransactionByHash(current).send().getTransaction().isEmpty()) {
                    current = sendAgain(current, sent);
                }
            }
            try {
                Thread.sleep(RECEIPT_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransactionException("interrupted while waiting for " + hash);
            }
        }
        throw new TransactionException("Transaction receipt was not generated after 30 seconds for transaction: " + hash);
    }

    /** The hash to await now: the same bytes if the node takes them, else a replacement at the same nonce. */
    private String sendAgain(String hash, Sent sent) throws IOException {
        if (!web3j.ethSendRawTransaction(sent.signed()).send().hasError()) {
            return hash;
        }
        RawTransaction t = sent.tx();
        BigInteger price = t.getGasPrice().multiply(BigInteger.valueOf(11)).divide(BigInteger.TEN).add(BigInteger.ONE);
        RawTransaction again = t.getTo() == null || t.getTo().isEmpty() || t.getTo().equals("0x")
                ? RawTransaction.createContractTransaction(t.getNonce(), price, t.getGasLimit(), t.getValue(), t.getData())
                : RawTransaction.createTransaction(t.getNonce(), price, t.getGasLimit(), t.getTo(), t.getValue(), t.getData());
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(again, chainId, sent.from()));
        var response = web3j.ethSendRawTransaction(signed).send();
        if (response.hasError()) {
            return hash; // for instance "nonce too low": the first one landed after all; its receipt will show
        }
        sentByHash.put(response.getTransactionHash(), new Sent(again, sent.from(), signed));
        return response.getTransactionHash();
    }

    /** {@code eth_call} at the latest block, decoded. */
    @SuppressWarnings("rawtypes")
    static List<Type> read(Web3j web3j, String to, Function function) {
        try {
            EthCall result = web3j.ethCall(Transaction.createEthCallTransaction(null, to, FunctionEncoder.encode(function)),
                    DefaultBlockParameterName.LATEST).send();
            if (result.hasError() || result.isReverted()) {
                throw new DevnetException("eth_call " + function.getName() + " on " + to + " failed: "
                        + (result.hasError() ? result.getError().getMessage() : result.getRevertReason()));
            }
            return FunctionReturnDecoder.decode(result.getValue(), function.getOutputParameters());
        } catch (IOException e) {
            throw new DevnetException("eth_call " + function.getName() + " on " + to + " failed", e);
        }
    }
}
