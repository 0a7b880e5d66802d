package io.metaroute.solver.batch.planning;

import io.metaroute.solver.routing.Inventory;
import java.util.Objects;

/** What the solver holds of one token on one rollup when the batch starts, in base units. */
public record InventoryBalance(Inventory.Key key, double available) {
    public InventoryBalance {
        Objects.requireNonNull(key, "key");
    }
}
