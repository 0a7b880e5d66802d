package io.metaroute.settlement.metalayer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaroute.core.chain.Address;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.cross.CrossOrderTypedData;
import io.metaroute.core.cross.CrossSettlerAbi;
import io.metaroute.core.intent.IntentSignature;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.route.RouteReplay;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.settlement.metalayer.domain.MetalayerBody.ReadOperation;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Cross-rollup orders on the devnet for tests: signed by a wallet, opened, filled and settled by the executor.
 * {@link #start()} sets up what the CrossSettler tests share: the shared devnet's Metalayer with its guardians
 * running, the two rollups orders go between (origin and destination), the accounts; {@link #close()} stops it.
 */
final class CrossOrderFixture implements AutoCloseable {
    static final long SETTLE_GAS_LIMIT = 2_000_000;
    static final BigInteger UNIT = BigInteger.TEN.pow(6); // USDC base units
    private static final AtomicLong NONCES = new AtomicLong(System.nanoTime());

    final MetalayerFixture fx;
    final Credentials user;
    final Credentials solver;
    final Rollup origin;
    final Rollup destination;

    CrossOrderFixture(MetalayerFixture fx) {
        this.fx = fx;
        this.user = fx.devnet.wallets().get(0).credentials();
        this.solver = fx.devnet.executor().credentials();
        var rollups = fx.devnet.network().rollups();
        this.origin = rollups.get(0);
        this.destination = rollups.get(1);
    }

    /** The shared devnet's Metalayer with its guardians running, snapshotting every 500 ms. */
    static CrossOrderFixture start() throws Exception {
        MetalayerFixture fx = new MetalayerFixture(DevnetExtension.shared());
        fx.startGuardians(Duration.ofMillis(500));
        return new CrossOrderFixture(fx);
    }

    @Override
    public void close() {
        fx.close();
    }

    /** The executor's address, the filler and the payee of the fills it makes. */
    Address solverAddress() {
        return Address.of(solver.getAddress());
    }

    /** The recipient of the orders' output: the devnet's second wallet. */
    Address recipient() {
        return wallet(1);
    }

    Address wallet(int index) {
        return Address.of(fx.devnet.wallets().get(index).credentials().getAddress());
    }

    Address settler(Rollup r) {
        return fx.devnet.metalayer(r.chainId()).crossSettler();
    }

    CrossOrder order(Rollup origin, Rollup destination, String symbol, BigInteger amountIn, BigInteger minOut,
                     Address recipient, long fillSeconds, int feeBps) throws Exception {
        long now = timestamp(origin);
        return new CrossOrder(settler(origin), Address.of(user.getAddress()), BigInteger.valueOf(NONCES.incrementAndGet()),
                origin.chainId(), now + Math.min(60, fillSeconds), now + fillSeconds,
                origin.tokenBySymbol(symbol).orElseThrow().address(), amountIn, destination.chainId(),
                destination.tokenBySymbol(symbol).orElseThrow().address(), minOut, recipient, FinalityState.INSTANT, feeBps);
    }

    byte[] sign(CrossOrder order) {
        return IntentSignature.sign(CrossOrderTypedData.digest(order), user.getEcKeyPair()).toBytes();
    }

    TransactionReceipt open(Rollup origin, CrossOrder order) {
        return send(origin, solver, settler(origin), CrossSettlerAbi.openFor(order, sign(order)));
    }

    TransactionReceipt fill(Rollup destination, CrossOrder order, BigInteger amount) {
        return send(destination, solver, settler(destination), CrossSettlerAbi.fill(order, solverAddress(),
                order.tokenOut(), amount, List.<RouteReplay.Step>of()));
    }

    /** Opens {@code order} on the origin and fills it with {@code amount} on the destination, both mined OK; the fill's receipt. */
    TransactionReceipt openAndFill(CrossOrder order, BigInteger amount) {
        assertThat(open(origin, order).isStatusOK()).isTrue();
        TransactionReceipt filled = fill(destination, order, amount);
        assertThat(filled.isStatusOK()).isTrue();
        return filled;
    }

    TransactionReceipt send(Rollup on, Credentials from, Address to, String data) {
        return fx.network.chain(on.domain()).rpc().send(from, to, data, BigInteger.ZERO)
                .block(Duration.ofSeconds(30));
    }

    /** The release or refund message of {@code orders}, dispatched from the destination to the origin. */
    MetalayerClient.Dispatched dispatch(Rollup destination, Rollup origin, CrossSettlerAbi.Kind kind, List<CrossOrder> orders) {
        List<byte[]> ids = orders.stream().map(CrossOrder::orderId).toList();
        return dispatchRead(destination, origin, kind,
                new ReadOperation(destination.domain(), settler(destination), CrossSettlerAbi.fillStatus(ids)));
    }

    /** A release of {@code orders}, read as the range of the destination's fill log from the first of them to the last. */
    MetalayerClient.Dispatched dispatchRange(Rollup destination, Rollup origin, List<CrossOrder> orders) throws Exception {
        long from = Long.MAX_VALUE;
        long to = -1;
        for (CrossOrder o : orders) {
            long index = fillRecord(destination, o).logIndex();
            from = Math.min(from, index);
            to = Math.max(to, index);
        }
        return dispatchRead(destination, origin, CrossSettlerAbi.Kind.RELEASE, new ReadOperation(destination.domain(),
                settler(destination), CrossSettlerAbi.fillRange(origin.chainId().value(), from, to - from + 1)));
    }

    /** A settlement message of {@code kind} from the destination to the origin's settler, with {@code read} as its one read. */
    MetalayerClient.Dispatched dispatchRead(Rollup destination, Rollup origin, CrossSettlerAbi.Kind kind, ReadOperation read) {
        return fx.client.dispatch(destination.domain(), origin.domain(), settler(origin), List.of(read),
                CrossSettlerAbi.message(kind), FinalityState.INSTANT, SETTLE_GAS_LIMIT, solver).block(Duration.ofSeconds(30));
    }

    CrossSettlerAbi.FillRange fillRange(Rollup destination, long originChainId, long from, long count) throws Exception {
        return CrossSettlerAbi.decodeFillRange(Numeric.hexStringToByteArray(ethCall(destination, settler(destination),
                Numeric.toHexString(CrossSettlerAbi.fillRange(originChainId, from, count)))));
    }

    CrossSettlerAbi.Escrow escrow(Rollup origin, CrossOrder order) throws Exception {
        return CrossSettlerAbi.decodeEscrow(ethCall(origin, settler(origin), CrossSettlerAbi.escrowOf(order.orderId())));
    }

    CrossSettlerAbi.FillRecord fillRecord(Rollup destination, CrossOrder order) throws Exception {
        return CrossSettlerAbi.decodeFillRecord(ethCall(destination, settler(destination), CrossSettlerAbi.fills(order.orderId())));
    }

    String ethCall(Rollup on, Address to, String data) throws Exception {
        var r = fx.devnet.web3j(on.chainId()).ethCall(Transaction.createEthCallTransaction(null, to.hex(), data),
                DefaultBlockParameterName.LATEST).send();
        if (r.hasError()) {
            throw new IllegalStateException("eth_call failed: " + r.getError().getMessage());
        }
        return r.getValue();
    }

    /** The revert data of an {@code eth_call} from {@code from}; null when the call succeeds. */
    String revertOf(Rollup on, Credentials from, Address to, String data) throws Exception {
        var r = fx.devnet.web3j(on.chainId()).ethCall(Transaction.createEthCallTransaction(from.getAddress(), to.hex(), data),
                DefaultBlockParameterName.LATEST).send();
        return r.hasError() ? String.valueOf(r.getError().getData()).replace("\"", "") : null;
    }

    long timestamp(Rollup r) throws Exception {
        return fx.devnet.web3j(r.chainId()).ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock()
                .getTimestamp().longValueExact();
    }

    BigInteger balance(Rollup r, Address token, Address holder) {
        return fx.devnet.balanceOf(r.chainId(), token, holder);
    }

    static String selector(String errorSignature) {
        return Numeric.toHexString(org.web3j.crypto.Hash.sha3(errorSignature.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .substring(0, 10);
    }
}
