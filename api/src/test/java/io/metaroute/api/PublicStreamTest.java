package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.core.network.Rollup;
import io.metaroute.quotefeeds.market.MarketStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.core.Disposable;

/**
 * The public stream on a moving devnet market: one socket subscribes to routes on one rollup and
 * across two and to intents of both kinds and sees them move; updates come at most twice a second
 * per subscription; bad messages get problems with the HTTP API's kinds; and a client that
 * subscribes and never reads holds a bounded few messages on the server while the others receive on
 * time, until it is disconnected.
 */
class PublicStreamTest extends LiveMarketTestBase {
    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;
    @Autowired
    MarketStore market;

    static Map<String, Object> route(String id, Rollup on, String in, String out, String amount) {
        var m = new LinkedHashMap<String, Object>();
        m.put("op", "subscribe");
        m.put("id", id);
        m.put("channel", "route");
        m.put("chainId", on.chainId().value());
        m.put("tokenIn", in);
        m.put("tokenOut", out);
        m.put("amountIn", amount);
        return m;
    }

    static Map<String, Object> cross(String id, Rollup from, Rollup to, String in, String out, String amount) {
        var m = route(id, from, in, out, amount);
        m.put("destinationChainId", to.chainId().value());
        return m;
    }

    static Map<String, Object> intent(String id, String intentId) {
        return Map.of("op", "subscribe", "id", id, "channel", "intent", "intentId", intentId);
    }

    static List<String> distinct(List<StreamClient.Received> messages, String pointer) {
        return messages.stream().map(r -> r.message().at(pointer).asText()).distinct().toList();
    }

    static final List<String> SWAP_LIFECYCLE = List.of("received", "routed", "submitted", "filled");
    static final List<String> CROSS_LIFECYCLE = List.of("received", "opening", "opened", "filling", "filled", "releasing", "released");

    @Test
    void oneSocketFollowsRoutesOnOneRollupAndAcrossTwoAndIntentsOfBothKindsAsTheyMove() throws Exception {
        List<Rollup> rollups = devnet().network().rollups();
        Rollup ember = rollups.get(0);
        Rollup veil = rollups.get(1);
        try (var client = new StreamClient(port, true)) {
            client.send(route("ember", ember, "USDC", "WETH", "1000000000"))
                    .send(route("veil", veil, "WETH", "USDC", "1000000000000000000"))
                    .send(cross("cross", ember, veil, "USDC", "WETH", "100000000"))
                    .send(Map.of("op", "subscribe", "id", "recent", "channel", "intents", "limit", 10));
            for (String id : List.of("ember", "veil", "cross", "recent")) {
                client.await(id + " subscribed", Duration.ofSeconds(10), m -> m.path("type").asText().equals("subscribed")
                        && m.path("id").asText().equals(id));
            }
            JsonNode crossRoute = client.await("a cross-rollup route", Duration.ofSeconds(30),
                    m -> m.path("id").asText().equals("cross") && m.path("type").asText().equals("route"));
            assertThat(crossRoute.path("crossRollup").asBoolean()).isTrue();
            assertThat(crossRoute.path("originChainId").asLong()).isEqualTo(ember.chainId().value());
            assertThat(crossRoute.path("destinationChainId").asLong()).isEqualTo(veil.chainId().value());
            assertThat(crossRoute.at("/route/carried/amountIn").asText()).isEqualTo("100000000");
            assertThat(crossRoute.at("/route/destination/legs").size()).as("swapped to WETH on the destination").isPositive();

            // a single-rollup intent and a cross-rollup order, each followed by id from the moment it is accepted
            JsonNode quote = movingQuote(ember, null, "USDC", "WETH", "250000000", wallet(1));
            String swapId = submit(signTyped(quote.get("typedData"), wallet(1)));
            client.send(intent("swap", swapId));
            JsonNode crossQuote = movingQuote(ember, veil, "USDC", "USDC", "150000000", wallet(2));
            String orderId = submit(CrossJobClient.signed(crossQuote.get("typedData"), wallet(2)));
            client.send(intent("order", orderId));

            JsonNode swapDone = client.await("the swap finished", Duration.ofSeconds(60), m -> m.path("id").asText().equals("swap")
                    && List.of("filled", "rejected", "failed").contains(m.at("/intent/status").asText()));
            assertThat(swapDone.at("/intent/status").asText()).as("the swap, as the stream shows it: %s", swapDone).isEqualTo("filled");
            JsonNode orderDone = client.await("the order finished", Duration.ofSeconds(120), m -> m.path("id").asText().equals("order")
                    && List.of("released", "refunded", "rejected").contains(m.at("/intent/status").asText()));
            assertThat(orderDone.at("/intent/status").asText()).as("the order, as the stream shows it: %s", orderDone)
                    .isEqualTo("released");
            client.await("both in the recent intents", Duration.ofSeconds(10), m -> m.path("id").asText().equals("recent")
                    && m.path("intents").findValuesAsText("id").containsAll(List.of(swapId, orderId)));

            List<String> swapSeen = distinct(client.of("swap", "intent"), "/intent/status");
            List<String> orderSeen = distinct(client.of("order", "intent"), "/intent/status");
            System.out.printf("stream: swap statuses seen %s, order statuses seen %s%n", swapSeen, orderSeen);
            assertThat(swapSeen).as("the swap's statuses as they came").hasSizeGreaterThanOrEqualTo(2)
                    .isSubsetOf(SWAP_LIFECYCLE).isSortedAccordingTo(java.util.Comparator.comparingInt(SWAP_LIFECYCLE::indexOf));
            assertThat(orderSeen).as("the order's statuses as they came").hasSizeGreaterThanOrEqualTo(2)
                    .isSubsetOf(CROSS_LIFECYCLE).isSortedAccordingTo(java.util.Comparator.comparingInt(CROSS_LIFECYCLE::indexOf));
            JsonNode lastOrder = client.of("order", "intent").getLast().message().get("intent");
            assertThat(lastOrder.path("steps").findValuesAsText("status")).containsSubsequence(CROSS_LIFECYCLE);

            // the market moved under every route while this ran
            for (String id : List.of("ember", "veil", "cross")) {
                // the market activity moves pools by at most a millionth of a reserve: give a route's pools 30 s to be traded
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (distinct(client.of(id, "route"), "/expectedAmountOut").size() < 2 && System.nanoTime() < until) {
                    Thread.sleep(200);
                }
                List<String> outputs = distinct(client.of(id, "route"), "/expectedAmountOut");
                System.out.printf("stream: %s got %d route updates, %d distinct outputs%n", id, client.of(id, "route").size(),
                        outputs.size());
                assertThat(outputs).as(id + ": distinct best outputs while the market moved").hasSizeGreaterThanOrEqualTo(2);
            }
            client.send(Map.of("op", "unsubscribe", "id", "ember"));
            client.await("unsubscribed", Duration.ofSeconds(5), m -> m.path("type").asText().equals("unsubscribed"));
            int emberBefore = client.of("ember", "route").size();
            Thread.sleep(1_500);
            assertThat(client.of("ember", "route")).as("nothing after unsubscribing").hasSize(emberBefore);
        }
    }

    @Test
    void eachSubscriptionGetsAtMostTwoUpdatesASecondTheLatestAndTheRestAreConflated() throws Exception {
        Rollup ember = devnet().network().rollups().get(0);
        double conflatedBefore = count("metaroute.stream.updates.conflated");
        try (var client = new StreamClient(port, true)) {
            List<String> ids = List.of("a", "b", "c");
            List<String> amounts = List.of("1000000", "500000000", "20000000000");
            for (int i = 0; i < ids.size(); i++) {
                client.send(route(ids.get(i), ember, "USDC", "WETH", amounts.get(i)));
            }
            long start = System.nanoTime();
            Thread.sleep(10_000);
            double seconds = (System.nanoTime() - start) / 1e9;
            for (String id : ids) {
                var updates = client.where(m -> m.path("id").asText().equals(id)
                        && List.of("route", "no_route").contains(m.path("type").asText()));
                long minGapMillis = Long.MAX_VALUE;
                for (int i = 1; i < updates.size(); i++) {
                    minGapMillis = Math.min(minGapMillis, (updates.get(i).atNanos() - updates.get(i - 1).atNanos()) / 1_000_000);
                }
                System.out.printf("stream: %s got %d updates in %.1f s, least gap %d ms%n", id, updates.size(), seconds, minGapMillis);
                assertThat(updates.size()).as(id + ": updates").isGreaterThanOrEqualTo(3)
                        .isLessThanOrEqualTo((int) Math.ceil(seconds * RATE) + 1);
                // the server spaces them 1000 / RATE ms apart; arrivals on a loaded machine bunch by up to a hundred ms or so,
                // while without the bound several Sync logs of one block would arrive milliseconds apart
                assertThat(minGapMillis).as(id + ": least gap between two arrivals").isGreaterThanOrEqualTo(1000 / RATE / 2);
            }
        }
        assertThat(count("metaroute.stream.updates.conflated") - conflatedBefore).as("updates conflated by the rate bound")
                .isPositive();
    }

    record Fault(String message, String kind, String field) {
    }

    @Test
    void badMessagesGetProblemsWithTheKindAndFieldOfTheHttpApi() throws Exception {
        Rollup ember = devnet().network().rollups().get(0);
        var zero = route("z", ember, "USDC", "WETH", "0");
        var number = new LinkedHashMap<>(route("n", ember, "USDC", "WETH", "1"));
        number.put("amountIn", 5);
        var chainText = new LinkedHashMap<>(route("t", ember, "USDC", "WETH", "1000"));
        chainText.put("chainId", "710001");
        var typo = new LinkedHashMap<>(route("s", ember, "USDC", "WETH", "1000"));
        typo.put("slippageBps", 50);
        var unknownChain = new LinkedHashMap<>(route("u", ember, "USDC", "WETH", "1000"));
        unknownChain.put("chainId", 5);
        var faults = List.of(
                new Fault("not json", "malformed_json", null),
                new Fault("[1,2]", "malformed_json", null),
                new Fault("{\"id\":\"a\",\"channel\":\"intents\"}", "missing_field", "op"),
                new Fault("{\"op\":\"watch\",\"id\":\"a\"}", "invalid_field", "op"),
                new Fault("{\"op\":\"subscribe\",\"channel\":\"intents\"}", "missing_field", "id"),
                new Fault("{\"op\":\"subscribe\",\"id\":\"has space\",\"channel\":\"intents\"}", "invalid_field", "id"),
                new Fault("{\"op\":\"subscribe\",\"id\":\"a\"}", "missing_field", "channel"),
                new Fault("{\"op\":\"subscribe\",\"id\":\"a\",\"channel\":\"pools\"}", "invalid_field", "channel"),
                new Fault(json(typo), "unknown_field", "slippageBps"),
                new Fault(json(zero), "invalid_amount", "amountIn"),
                new Fault(json(number), "invalid_amount", "amountIn"),
                new Fault(json(chainText), "invalid_field", "chainId"),
                new Fault(json(unknownChain), "unknown_chain", "chainId"),
                new Fault(json(route("k", ember, "NOPE", "WETH", "1000")), "unknown_token", "tokenIn"),
                new Fault(json(route("same", ember, "USDC", "USDC", "1000")), "invalid_field", "tokenOut"),
                new Fault(json(cross("x", ember, ember, "USDC", "WETH", "1000")).replace("\"destinationChainId\":"
                        + ember.chainId().value(), "\"destinationChainId\":999"), "unknown_chain", "destinationChainId"),
                new Fault("{\"op\":\"subscribe\",\"id\":\"i\",\"channel\":\"intent\",\"intentId\":\"nope\"}", "invalid_field", "intentId"),
                new Fault("{\"op\":\"subscribe\",\"id\":\"l\",\"channel\":\"intents\",\"limit\":0}", "invalid_field", "limit"),
                new Fault("{\"op\":\"unsubscribe\",\"id\":\"zzz\"}", "unknown_subscription", "id"),
                new Fault("{\"op\":\"subscribe\",\"id\":\"" + "x".repeat(5000) + "\"}", "payload_too_large", null));
        try (var client = new StreamClient(port, true)) {
            for (int i = 0; i < faults.size(); i++) {
                Fault f = faults.get(i);
                client.sendRaw(f.message());
                int n = i + 1;
                client.await("problem " + n, Duration.ofSeconds(10), m -> client.where(p -> p.path("type").asText().equals("problem"))
                        .size() >= n);
                JsonNode p = client.where(m -> m.path("type").asText().equals("problem")).get(i).message();
                assertThat(p.path("kind").asText()).as(f.message()).isEqualTo(f.kind());
                assertThat(p.path("field").isNull() ? null : p.path("field").asText()).as(f.message()).isEqualTo(f.field());
                assertThat(p.path("detail").asText()).as(f.message()).isNotBlank();
            }
            // the same route faults over HTTP: the same kind and field
            for (var body : List.of(zero, number, chainText, unknownChain)) {
                var http = new LinkedHashMap<>(body);
                List.of("op", "id", "channel").forEach(http::remove);
                http.put("user", wallet(0).address().hex());
                JsonNode answer = this.http.post().uri("/v1/quotes").bodyValue(http).exchange().expectStatus().is4xxClientError()
                        .expectBody(JsonNode.class).returnResult().getResponseBody();
                JsonNode streamed = client.where(m -> m.path("type").asText().equals("problem")
                        && m.path("id").asText().equals(body.get("id"))).getFirst().message();
                assertThat(streamed.get("kind")).isEqualTo(answer.get("kind"));
                assertThat(streamed.get("field")).isEqualTo(answer.get("field"));
            }
            // an intent that does not exist: accepted as a subscription, then ended by a problem naming it
            client.send(intent("ghost", UUID.randomUUID().toString()));
            JsonNode ghost = client.await("no such intent", Duration.ofSeconds(10), m -> m.path("type").asText().equals("problem")
                    && m.path("id").asText().equals("ghost"));
            assertThat(ghost.get("kind").asText()).isEqualTo("intent_not_found");
            assertThat(ghost.get("field").asText()).isEqualTo("intentId");
            // an id in use, and one subscription past the limit
            for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
                client.send(Map.of("op", "subscribe", "id", "s" + i, "channel", "intents"));
            }
            client.send(Map.of("op", "subscribe", "id", "s0", "channel", "intents"));
            client.send(Map.of("op", "subscribe", "id", "one-more", "channel", "intents"));
            JsonNode dup = client.await("id in use", Duration.ofSeconds(10), m -> m.path("type").asText().equals("problem")
                    && m.path("id").asText().equals("s0"));
            assertThat(dup.get("kind").asText()).isEqualTo("invalid_field");
            assertThat(dup.get("field").asText()).isEqualTo("id");
            JsonNode limit = client.await("over the limit", Duration.ofSeconds(10), m -> m.path("type").asText().equals("problem")
                    && m.path("id").asText().equals("one-more"));
            assertThat(limit.get("kind").asText()).isEqualTo("subscription_limit");
            assertThat(limit.get("field").asText()).isEqualTo("op");
            assertThat(client.where(m -> m.path("type").asText().equals("subscribed"))).hasSize(MAX_SUBSCRIPTIONS + 1);
            assertThat(client.closedByServer()).as("problems do not end the connection").isFalse();
        }
    }

    @Test
    void aClientThatSubscribesAndNeverReadsHoldsABoundedFewMessagesWhileTheOthersReceiveOnTime() throws Exception {
        List<Rollup> rollups = devnet().network().rollups();
        var published = new ConcurrentHashMap<Long, Long>();
        Disposable versions = market.snapshots().subscribe(s -> published.putIfAbsent(s.version(), System.nanoTime()));
        List<StreamClient> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                var reader = new StreamClient(port, true);
                for (Rollup r : rollups) {
                    reader.send(route(r.name(), r, "USDC", "WETH", "1000000000"));
                }
                readers.add(reader);
            }
            Thread.sleep(6_000);
            long baselineFrom = System.nanoTime() - Duration.ofSeconds(5).toNanos();
            List<Long> baseline = latencies(readers, published, baselineFrom, System.nanoTime());

            double dropped = count("metaroute.stream.updates.dropped");
            double subscribers = gauge("metaroute.stream.subscribers");
            long stuckFrom = System.nanoTime();
            var stuck = new StreamClient(port, false);
            for (Rollup r : rollups) {
                stuck.send(route(r.name(), r, "USDC", "WETH", "1000000000"));
                stuck.send(route(r.name() + "-small", r, "USDC", "WETH", "1000000"));
            }
            stuck.send(cross("cross", rollups.get(0), rollups.get(1), "USDC", "WETH", "100000000"));
            int stuckSubscriptions = 2 * rollups.size() + 1;
            double heldMax = 0;
            while (System.nanoTime() - stuckFrom < Duration.ofSeconds(12).toNanos()) {
                heldMax = Math.max(heldMax, gauge("metaroute.stream.held.max"));
                Thread.sleep(100);
            }
            long stuckTo = System.nanoTime();
            List<Long> during = latencies(readers, published, stuckFrom, stuckTo);
            double droppedNow = count("metaroute.stream.updates.dropped") - dropped;
            System.out.printf("stream: a client that never reads: held at most %.0f messages, %.0f of its updates dropped; "
                            + "readers' update latency p50/p99 %d/%d ms before (%d updates), %d/%d ms while it was stuck (%d updates)%n",
                    heldMax, droppedNow, pct(baseline, 50), pct(baseline, 99), baseline.size(), pct(during, 50), pct(during, 99),
                    during.size());
            assertThat(stuck.received).as("the stuck client read nothing").isEmpty();
            assertThat(gauge("metaroute.stream.subscribers")).isEqualTo(subscribers + 1);
            // what it may hold: MAX_UNREAD sent and unread, one update per subscription, and its acknowledgements
            assertThat(heldMax).as("messages held for the stuck client").isPositive()
                    .isLessThanOrEqualTo(MAX_UNREAD + 2 * stuckSubscriptions);
            assertThat(droppedNow).as("its updates replaced while it did not read").isPositive();
            assertThat(during).as("updates the reading clients got meanwhile").hasSizeGreaterThanOrEqualTo(3 * rollups.size() * 4);
            // on time: the rate interval (an update may wait that long for its slot), solving, and a margin for a loaded machine
            assertThat(pct(during, 99)).as("readers' p99 latency while a client is stuck, ms").isLessThanOrEqualTo(1000 / RATE + 1_000);

            // it is disconnected once it has read nothing for the unread timeout; the readers stay
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (gauge("metaroute.stream.subscribers") > subscribers && System.nanoTime() < until) {
                Thread.sleep(200);
            }
            assertThat(gauge("metaroute.stream.subscribers")).as("the stuck client was disconnected").isEqualTo(subscribers);
            assertThat(meters.find("metaroute.stream.closed").tag("reason", "not_reading").counter()).isNotNull()
                    .satisfies(c -> assertThat(c.count()).isPositive());
            int before = readers.getFirst().received.size();
            Thread.sleep(2_000);
            assertThat(readers.getFirst().received.size()).as("the readers go on receiving").isGreaterThan(before);
            stuck.close();
        } finally {
            versions.dispose();
            readers.forEach(StreamClient::close);
        }
    }

    /** For route updates received in [from, to): arrival less the time the market published the version the route was solved on, ms. */
    static List<Long> latencies(List<StreamClient> clients, Map<Long, Long> published, long from, long to) {
        var out = new ArrayList<Long>();
        for (StreamClient c : clients) {
            for (StreamClient.Received r : c.where(m -> m.path("type").asText().equals("route"))) {
                Long at = published.get(r.message().path("snapshotVersion").asLong());
                if (at != null && r.atNanos() >= from && r.atNanos() < to) {
                    out.add((r.atNanos() - at) / 1_000_000);
                }
            }
        }
        return out;
    }

    static long pct(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        var sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    double count(String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    double gauge(String name) {
        var g = meters.find(name).gauge();
        return g == null ? 0 : g.value();
    }

    static String json(Object value) {
        try {
            return StreamClient.JSON.writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
