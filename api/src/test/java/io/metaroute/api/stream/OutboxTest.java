package io.metaroute.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one connection holds and sends, on a clock of its own: the rate bound, latest wins, the bounds of a client that never reads. */
class OutboxTest {
    private static final long MS = 1_000_000L;

    @Test
    void aSubscriptionSendsAtMostOncePerIntervalAndAlwaysTheLatest() {
        var outbox = new Outbox<String>(250 * MS, 4);
        outbox.open("a", 0);
        var sent = new ArrayList<long[]>();
        // 1,000 updates over one second, one per millisecond; the writer polls after each
        for (int t = 0; t < 1_000; t++) {
            long now = t * MS;
            outbox.update("a", "v" + t, now, false);
            String next = outbox.poll(now);
            if (next != null) {
                sent.add(new long[] {t, Long.parseLong(next.substring(1))});
            }
        }
        assertThat(sent).hasSize(4); // at 0, 250, 500 and 750 ms
        for (int i = 1; i < sent.size(); i++) {
            assertThat(sent.get(i)[0] - sent.get(i - 1)[0]).isGreaterThanOrEqualTo(250);
        }
        // each send is the newest update at that moment
        assertThat(sent).allSatisfy(s -> assertThat(s[1]).isEqualTo(s[0]));
        outbox.update("a", "last", 1_001 * MS, false);
        assertThat(outbox.poll(1_001 * MS)).as("the interval has passed since 750 ms").isEqualTo("last");
    }

    @Test
    void anUpdateReplacedWithinItsIntervalIsConflatedAndOneTheClientHadNoRoomForIsDropped() {
        var outbox = new Outbox<String>(100 * MS, 4);
        outbox.open("a", 0);
        assertThat(outbox.update("a", "1", 0, false)).isEqualTo(Outbox.Offer.QUEUED);
        assertThat(outbox.poll(0)).isEqualTo("1");
        assertThat(outbox.update("a", "2", 10 * MS, false)).isEqualTo(Outbox.Offer.QUEUED);
        assertThat(outbox.update("a", "3", 20 * MS, false)).as("within the interval").isEqualTo(Outbox.Offer.CONFLATED);
        assertThat(outbox.poll(50 * MS)).as("not before the interval").isNull();
        assertThat(outbox.nextDue(50 * MS)).isEqualTo(50 * MS);
        assertThat(outbox.update("a", "4", 150 * MS, true)).as("due, but the client is behind").isEqualTo(Outbox.Offer.DROPPED);
        assertThat(outbox.poll(150 * MS)).isEqualTo("4");
        assertThat(outbox.update("gone", "x", 0, false)).isEqualTo(Outbox.Offer.IGNORED);
    }

    @Test
    void aClientThatNeverReadsHoldsOneUpdatePerSubscriptionAndAtMostMaxReplies() {
        var outbox = new Outbox<String>(0, 8);
        for (int s = 0; s < 64; s++) {
            outbox.open("s" + s, 0);
        }
        for (int t = 0; t < 100_000; t++) {
            outbox.update("s" + (t % 64), "update " + t, t, true);
        }
        int accepted = 0;
        for (int r = 0; r < 20; r++) {
            accepted += outbox.reply("reply " + r) ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(8);
        assertThat(outbox.held()).isEqualTo(64 + 8);
        // once the client reads again: the replies first, then one update per subscription, each the latest
        var sent = new ArrayList<String>();
        for (String m; (m = outbox.poll(200_000)) != null; ) {
            sent.add(m);
        }
        assertThat(sent).hasSize(72);
        assertThat(sent.subList(0, 8)).allSatisfy(m -> assertThat(m).startsWith("reply"));
        assertThat(sent.subList(8, 72)).allSatisfy(m -> assertThat(Integer.parseInt(m.substring(7))).isGreaterThanOrEqualTo(100_000 - 64));
    }

    @Test
    void subscriptionsTakeTurnsByHowLongTheyHaveWaited() {
        var outbox = new Outbox<String>(0, 4);
        List.of("a", "b", "c").forEach(id -> outbox.open(id, 0));
        outbox.update("c", "c1", 1, false);
        outbox.update("a", "a1", 2, false);
        outbox.update("b", "b1", 3, false);
        outbox.update("c", "c2", 4, false); // replaces c1 but keeps its place in line
        assertThat(List.of(outbox.poll(5), outbox.poll(5), outbox.poll(5))).containsExactly("c2", "a1", "b1");
        outbox.update("a", "a2", 6, false);
        assertThat(outbox.close("a")).isTrue();
        assertThat(outbox.poll(7)).as("a closed subscription's update goes with it").isNull();
    }
}
