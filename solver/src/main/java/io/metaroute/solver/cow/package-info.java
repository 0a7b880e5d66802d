/**
 * Coincidence-of-wants matching: opposite intents (A for B against B for A, on one rollup or
 * across rollups) settle against each other before any pool is touched; only the residual is
 * routed. Entry point: {@link io.metaroute.solver.cow.CowMatcher}.
 *
 * <h2>Rounding rules</h2>
 * All amounts are integers in base units; the clearing price {@code p} of a pair is an exact
 * fraction. With {@code V_base} and {@code V_quote} the totals the willing intents sell:
 * <ol>
 *   <li><b>Short side.</b> The side worth less at {@code p} is short ({@code V_base * p <= V_quote}:
 *       the base sellers). It gives {@code X}: all of its total, or less only if the solver's
 *       inventory cannot cover the deliveries.</li>
 *   <li><b>Long side.</b> It gives {@code Y = floor(X * p)} (or {@code floor(X / p)} when the quote
 *       side is short): never more than the clearing value. The short side as a whole therefore
 *       receives at most one base unit less than the exact value of {@code X}; this is the only
 *       rounding that is not in some user's favour, and it is bounded by one unit per match.</li>
 *   <li><b>Who gives what.</b> {@code X} and {@code Y} are split over their side pro rata to the
 *       intents' {@code amountIn} by largest remainder (ties to the lower id), so the parts add up
 *       to exactly {@code X} and {@code Y} and no intent gives more than it signed.</li>
 *   <li><b>Who receives what.</b> Each side receives everything the other side gave, split pro
 *       rata to what each intent gave, again by largest remainder. Every unit a user gives goes to
 *       a user: the solver keeps nothing, no value is created, and per asset
 *       {@code given = received + solver's net inventory change} holds exactly (the net change is
 *       zero per asset; inventory only moves value between rollups).</li>
 *   <li><b>Limits.</b> An intent whose limit {@code minAmountOut / amountIn} is worse than {@code p}
 *       is not matched. A matched intent must receive at least
 *       {@code ceil(minAmountOut * matchedIn / amountIn)} and more than zero; if rounding would
 *       leave one short, the most demanding such intent is left out and the pair cleared again.</li>
 *   <li><b>Residual.</b> What remains to be routed sells {@code amountIn - matchedIn} for at least
 *       {@code max(0, minAmountOut - received)}, so matched plus routed reaches the signed minimum,
 *       and the residual's limit price is never worse than the signed one.</li>
 * </ol>
 */
package io.metaroute.solver.cow;
