package io.metaroute.settlement.metalayer.wire;

import java.util.List;

/** The validator keys a process runs: checkpoint signers per finality, and state signers (which also attest reads). */
public record ValidatorsJson(List<String> instant, List<String> finalized, List<String> state) {
    public ValidatorsJson {
        instant = List.copyOf(instant);
        finalized = List.copyOf(finalized);
        state = List.copyOf(state);
    }
}
