package io.metaroute.bench.metalayer;

import io.metaroute.devnet.Devnet;
import io.metaroute.settlement.metalayer.domain.HyperlaneMessage;
import io.metaroute.settlement.metalayer.store.PostgresOutbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Gas used by each delivery transaction (from its receipt), with and without reads. */
final class GasReport {
    private final Devnet devnet;
    private final PostgresOutbox outbox;
    private final List<Long> withReads = new ArrayList<>();
    private final List<Long> withoutReads = new ArrayList<>();

    GasReport(Devnet devnet, PostgresOutbox outbox) {
        this.devnet = devnet;
        this.outbox = outbox;
    }

    void add(HyperlaneMessage m, boolean reads) throws Exception {
        var entry = outbox.find(m.id()).block(Duration.ofSeconds(10));
        if (entry == null || entry.txHash() == null) {
            return;
        }
        var chain = devnet.network().rollups().stream().filter(r -> r.domain().equals(m.destination())).findFirst().orElseThrow();
        var receipt = devnet.web3j(chain.chainId()).ethGetTransactionReceipt(entry.txHash()).send().getTransactionReceipt();
        receipt.ifPresent(r -> (reads ? withReads : withoutReads).add(r.getGasUsed().longValueExact()));
    }

    String report() {
        return line("without reads", withoutReads) + line("with one read", withReads);
    }

    private static String line(String what, List<Long> gas) {
        if (gas.isEmpty()) {
            return "| gas per delivery " + what + " | no samples |\n";
        }
        var s = gas.stream().sorted().toList();
        return String.format("| gas per delivery %s (n=%d) | p50 %,d, min %,d, max %,d |%n", what, s.size(), MetalayerBenchmark.pct(s, 50),
                s.get(0), s.get(s.size() - 1));
    }
}
