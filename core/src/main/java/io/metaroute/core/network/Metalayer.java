package io.metaroute.core.network;

import io.metaroute.core.chain.Domain;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Metalayer deployment of a network: every rollup's contracts and the validator set per
 * finality mode. {@link #NONE} for a network without one.
 */
public record Metalayer(List<MetalayerContracts> rollups, Map<FinalityState, ValidatorSet> validators) {
    public static final Metalayer NONE = new Metalayer(List.of(), Map.of());

    public Metalayer {
        rollups = List.copyOf(rollups);
        validators = validators.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(validators));
        var domains = new HashSet<Domain>();
        for (MetalayerContracts c : rollups) {
            if (!domains.add(c.domain())) {
                throw new IllegalArgumentException("domain " + c.domain() + " has two Metalayer deployments");
            }
        }
        if (!rollups.isEmpty() && !validators.keySet().containsAll(List.of(FinalityState.values()))) {
            throw new IllegalArgumentException("a validator set for every finality state is needed, got " + validators.keySet());
        }
    }

    public boolean deployed() {
        return !rollups.isEmpty();
    }

    public Optional<MetalayerContracts> contracts(Domain domain) {
        return rollups.stream().filter(c -> c.domain().equals(domain)).findFirst();
    }

    public ValidatorSet validators(FinalityState finality) {
        ValidatorSet set = validators.get(finality);
        if (set == null) {
            throw new IllegalStateException("no Metalayer validators for " + finality);
        }
        return set;
    }

    /**
     * The validators whose signatures attest state snapshots and read results, and the routers'
     * threshold for each read: the INSTANT keys, since snapshots and reads are taken at the head, as
     * INSTANT checkpoints are (the read digest's own tag keeps the signatures apart).
     */
    public ValidatorSet readValidators() {
        return validators(FinalityState.INSTANT);
    }
}
