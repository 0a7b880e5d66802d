package io.metaroute.solver.cow;

import io.metaroute.solver.routing.Inventory;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of matching a batch.
 *
 * @param matches        one per asset pair that matched, in pair order
 * @param residuals      what must still be routed through pools, one per intent not completely
 *                       matched, by id: the unmatched input, and the output still owed so that
 *                       matched + routed reaches the signed minimum (an untouched intent as signed)
 * @param inventoryAfter the solver's inventory once every delivery is made and every replenishment
 *                       has landed
 */
public record CowResult(List<CowMatch> matches, List<CowIntent> residuals, Inventory inventoryAfter) {

    public CowResult {
        matches = List.copyOf(matches);
        residuals = List.copyOf(residuals);
        Objects.requireNonNull(inventoryAfter, "inventoryAfter");
    }

    public List<CowFill> fills() {
        return matches.stream().flatMap(m -> m.fills().stream()).toList();
    }

    public Optional<CowFill> fill(String intentId) {
        return fills().stream().filter(f -> f.intentId().equals(intentId)).findFirst();
    }

    public Optional<CowIntent> residual(String intentId) {
        return residuals.stream().filter(r -> r.id().equals(intentId)).findFirst();
    }

    public List<InventoryMove> inventoryMoves() {
        return matches.stream().flatMap(m -> m.inventoryMoves().stream()).toList();
    }
}
