package io.metaroute.settlement.metalayer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaroute.core.chain.Address;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.core.cross.CrossSettlerAbi;
import io.metaroute.core.cross.CrossSettlerAbi.EscrowStatus;
import io.metaroute.core.cross.CrossSettlerAbi.Kind;
import io.metaroute.core.network.Rollup;
import io.metaroute.devnet.DevnetExtension;
import io.metaroute.devnet.DevnetFees;
import io.metaroute.settlement.metalayer.domain.MetalayerBody.ReadOperation;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.utils.Numeric;

/**
 * Releases that read a range of the destination's fill log ({@code fillRange}) instead of naming their
 * orders: the origin takes the order ids and payees from the attested answer, releases each escrow it
 * holds for that destination once, skips every other entry, and refuses a range of another origin's log,
 * of another rollup, or offered as a refund's proof.
 */
@ExtendWith(DevnetExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossSettlerRangeTest {
    private static final BigInteger UNIT = CrossOrderFixture.UNIT;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private CrossOrderFixture orders;
    private MetalayerFixture fx;
    private Rollup origin;
    private Rollup destination;
    private Rollup third;

    @BeforeAll
    void setUp() throws Exception {
        orders = CrossOrderFixture.start();
        fx = orders.fx;
        origin = orders.origin;
        destination = orders.destination;
        third = fx.devnet.network().rollups().get(2);
    }

    @AfterAll
    void tearDown() {
        orders.close();
    }

    private Address solver() {
        return orders.solverAddress();
    }

    private CrossOrder order(BigInteger amountIn) throws Exception {
        return orders.order(origin, destination, "USDC", amountIn, amountIn.subtract(UNIT), orders.recipient(), 300, 30);
    }

    private CrossOrder openAndFill(BigInteger amountIn) throws Exception {
        CrossOrder o = order(amountIn);
        orders.openAndFill(o, amountIn.subtract(UNIT));
        return o;
    }

    private static List<String> hex(List<byte[]> ids) {
        return ids.stream().map(Numeric::toHexString).toList();
    }

    @Test
    void aRangeReleasesEachOpenOrderOnceAndSkipsFillsOfOrdersNeverOpenedHereOrReleasedBefore() throws Exception {
        BigInteger amountIn = UNIT.multiply(BigInteger.valueOf(40));
        CrossOrder releasedBefore = openAndFill(amountIn);
        fx.relayer.deliver(orders.dispatch(destination, origin, Kind.RELEASE, List.of(releasedBefore)).message()).block(WAIT);
        assertThat(orders.escrow(origin, releasedBefore).status()).isEqualTo(EscrowStatus.RELEASED);
        // anyone may fill an order that was never opened: it enters the log of its origin all the same
        CrossOrder neverOpened = order(amountIn);
        assertThat(orders.fill(destination, neverOpened, amountIn.subtract(UNIT)).isStatusOK()).isTrue();
        // b's filler is repaid elsewhere: the range's answer names a payee again where it changes
        Address elsewhere = orders.wallet(2);
        CrossOrder b = order(amountIn);
        assertThat(orders.open(origin, b).isStatusOK()).isTrue();
        assertThat(orders.send(destination, orders.solver, orders.settler(destination), CrossSettlerAbi.fill(b, elsewhere,
                b.tokenOut(), amountIn.subtract(UNIT), List.of())).isStatusOK()).isTrue();
        CrossOrder a = openAndFill(amountIn);
        List<CrossOrder> all = List.of(releasedBefore, neverOpened, b, a);

        long from = orders.fillRecord(destination, releasedBefore).logIndex();
        var answer = orders.fillRange(destination, origin.chainId().value(), from, 10);
        assertThat(hex(answer.orderIds())).as("the log holds the four fills in the order they were made")
                .containsExactlyElementsOf(hex(all.stream().map(CrossOrder::orderId).toList()));
        assertThat(answer.length()).isEqualTo(from + 4);
        assertThat(answer.repayTo()).containsExactly(solver(), solver(), elsewhere, solver());
        assertThat(orders.fillRange(destination, origin.chainId().value(), from + 4, 10).orderIds()).isEmpty();

        BigInteger solverBefore = orders.balance(origin, a.tokenIn(), solver());
        BigInteger elsewhereBefore = orders.balance(origin, b.tokenIn(), elsewhere);
        BigInteger repaid = amountIn.subtract(a.fee());
        var range = orders.dispatchRange(destination, origin, all);
        assertThat(fx.relayer.deliver(range.message()).block(WAIT)).isNotNull();
        assertThat(orders.escrow(origin, a).status()).isEqualTo(EscrowStatus.RELEASED);
        assertThat(orders.escrow(origin, b).status()).isEqualTo(EscrowStatus.RELEASED);
        assertThat(orders.escrow(origin, neverOpened).status()).isEqualTo(EscrowStatus.NONE);
        assertThat(orders.balance(origin, a.tokenIn(), solver())).isEqualTo(solverBefore.add(repaid));
        assertThat(orders.balance(origin, b.tokenIn(), elsewhere)).isEqualTo(elsewhereBefore.add(amountIn.subtract(b.fee())));

        // the same range again, and a fillStatus release of one of them: nothing is paid twice
        fx.relayer.deliver(orders.dispatchRange(destination, origin, all).message()).block(WAIT);
        fx.relayer.deliver(orders.dispatch(destination, origin, Kind.RELEASE, List.of(a)).message()).block(WAIT);
        assertThat(orders.balance(origin, a.tokenIn(), solver())).isEqualTo(solverBefore.add(repaid));
        assertThat(orders.balance(origin, b.tokenIn(), elsewhere)).isEqualTo(elsewhereBefore.add(amountIn.subtract(b.fee())));
        // named by id, the order never opened here is refused, as before
        var named = orders.dispatch(destination, origin, Kind.RELEASE, List.of(neverOpened));
        assertThatThrownBy(() -> fx.relayer.deliver(named.message()).block(WAIT))
                .hasMessageContaining(CrossOrderFixture.selector("UnknownOrder(bytes32)").substring(2));
    }

    @Test
    void aRangeOfAnotherOriginsLogOfAnotherRollupOrAsARefundIsRefused() throws Exception {
        CrossOrder o = openAndFill(UNIT.multiply(BigInteger.valueOf(20)));
        long index = orders.fillRecord(destination, o).logIndex();
        String badProof = CrossOrderFixture.selector("BadProof()").substring(2);

        var otherOrigin = orders.dispatchRead(destination, origin, Kind.RELEASE, new ReadOperation(destination.domain(),
                orders.settler(destination), CrossSettlerAbi.fillRange(third.chainId().value(), 0, 1)));
        var otherRollup = orders.dispatchRead(destination, origin, Kind.RELEASE, new ReadOperation(origin.domain(),
                orders.settler(origin), CrossSettlerAbi.fillRange(origin.chainId().value(), 0, 1)));
        var asRefund = orders.dispatchRead(destination, origin, Kind.REFUND, new ReadOperation(destination.domain(),
                orders.settler(destination), CrossSettlerAbi.fillRange(origin.chainId().value(), index, 1)));
        for (var m : List.of(otherOrigin, otherRollup, asRefund)) {
            assertThatThrownBy(() -> fx.relayer.deliver(m.message()).block(WAIT)).hasMessageContaining(badProof);
            assertThat(fx.relayer.delivered(m.message()).block()).isFalse();
        }
        assertThat(orders.escrow(origin, o).status()).isEqualTo(EscrowStatus.OPEN);

        fx.relayer.deliver(orders.dispatchRange(destination, origin, List.of(o)).message()).block(WAIT);
        assertThat(orders.escrow(origin, o).status()).isEqualTo(EscrowStatus.RELEASED);
    }

    /**
     * An entry whose escrow is bound for another rollup than the one the range was read from is skipped. Through
     * honest settlers a log holds only orders bound for its own rollup, so the origin is made to take the
     * destination's domain for the third rollup's (its owner's {@code setRemote}) and is set back after.
     */
    @Test
    void aRangeEntryWhoseEscrowIsBoundForAnotherRollupThanTheOneReadIsSkipped() throws Exception {
        CrossOrder o = openAndFill(UNIT.multiply(BigInteger.valueOf(30)));
        Address owner = CrossSettlerAbi.decodeAddress(orders.ethCall(origin, orders.settler(origin),
                FunctionEncoder.encode(new Function("owner", List.of(), List.of()))), 0);
        try {
            setRemote(owner, third.chainId().value(), destination);
            var range = orders.dispatchRange(destination, origin, List.of(o));
            assertThat(fx.relayer.deliver(range.message()).block(WAIT)).as("skipped, not refused").isNotNull();
            assertThat(orders.escrow(origin, o).status()).isEqualTo(EscrowStatus.OPEN);
            var named = orders.dispatch(destination, origin, Kind.RELEASE, List.of(o));
            assertThatThrownBy(() -> fx.relayer.deliver(named.message()).block(WAIT))
                    .hasMessageContaining(CrossOrderFixture.selector("BadProof()").substring(2));
        } finally {
            setRemote(owner, destination.chainId().value(), destination);
            setRemote(owner, third.chainId().value(), third);
        }
        fx.relayer.deliver(orders.dispatchRange(destination, origin, List.of(o)).message()).block(WAIT);
        assertThat(orders.escrow(origin, o).status()).isEqualTo(EscrowStatus.RELEASED);
    }

    /** The origin's {@code setRemote(chainId, ...)} naming {@code rollup}'s domain, settler and fee account, sent by its owner. */
    private void setRemote(Address owner, long chainId, Rollup rollup) throws Exception {
        String data = FunctionEncoder.encode(new Function("setRemote", List.of(new Uint256(chainId), new Uint32(rollup.domain().value()),
                new org.web3j.abi.datatypes.Address(orders.settler(rollup).hex()),
                new org.web3j.abi.datatypes.Address(DevnetFees.rollup(rollup.domain()).hex())), List.of()));
        var rpc = origin.rpcUrl();
        AnvilControl.call(rpc, "anvil_impersonateAccount", owner.hex());
        String hash = AnvilControl.call(rpc, "eth_sendTransaction", Map.of("from", owner.hex(),
                "to", orders.settler(origin).hex(), "data", data)).asText();
        var web3j = fx.devnet.web3j(origin.chainId());
        for (int i = 0; i < 100; i++) {
            var receipt = web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
            if (receipt.isPresent()) {
                assertThat(receipt.get().isStatusOK()).as("setRemote by the owner").isTrue();
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("setRemote not mined: " + hash);
    }
}
