package io.metaroute.solver.routing.convex;

import io.metaroute.core.route.Route;
import java.math.BigInteger;

/** An exactly recomputed program; {@code overflows} when a pair would refuse one of its legs (reserve past uint112). */
record Candidate(Route route, BigInteger net, FlowProgram program, boolean overflows) {
}
