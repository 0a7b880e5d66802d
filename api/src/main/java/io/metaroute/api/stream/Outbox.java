package io.metaroute.api.stream;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one connection of the public stream still has to send, bounded whatever the client does.
 *
 * <p>Replies (acknowledgements, problems) wait in a queue of at most {@code maxReplies}; one more
 * is refused ({@link #reply} returns false) and the connection is closed by its owner. Updates wait
 * in one slot per subscription: a newer update replaces the one waiting (latest wins), so a
 * subscription holds at most one unsent update, and a connection at most one per subscription.
 * A subscription sends at most one update per {@code interval}: an update that arrives sooner waits
 * in its slot until the interval has passed. Replies go first; updates that may be sent go in the
 * order they have waited, so no subscription starves another.
 *
 * <p>Pure logic on a clock the caller passes (nanoseconds), so the bounds are tested without a socket.
 * Thread-safe: updates arrive from solver and database threads while the writer polls.
 */
final class Outbox<M> {
    /** What became of an update on arrival. */
    enum Offer {
        /** It waits in an empty slot. */
        QUEUED,
        /** It replaced an update that was waiting for its subscription's interval: the rate limit. */
        CONFLATED,
        /** It replaced an update that could have been sent but the client had not read what it was sent: a slow client. */
        DROPPED,
        /** The subscription is gone. */
        IGNORED
    }

    private static final class Slot<M> {
        M pending;
        long pendingSince;
        long nextAllowed;

        Slot(long now) {
            nextAllowed = now;
        }
    }

    private final long intervalNanos;
    private final int maxReplies;
    private final ArrayDeque<M> replies = new ArrayDeque<>();
    private final Map<String, Slot<M>> slots = new LinkedHashMap<>();

    Outbox(long intervalNanos, int maxReplies) {
        if (intervalNanos < 0 || maxReplies < 1) {
            throw new IllegalArgumentException("interval must be non-negative and maxReplies positive");
        }
        this.intervalNanos = intervalNanos;
        this.maxReplies = maxReplies;
    }

    /** Queues a reply; false when {@code maxReplies} are already waiting (the client sends and does not read). */
    synchronized boolean reply(M message) {
        if (replies.size() >= maxReplies) {
            return false;
        }
        replies.add(message);
        return true;
    }

    /** Opens the slot of a new subscription at {@code now}; false if {@code id} has one. */
    synchronized boolean open(String id, long now) {
        return slots.putIfAbsent(id, new Slot<>(now)) == null;
    }

    /** Closes a subscription's slot, discarding what waits in it; false if there was none. */
    synchronized boolean close(String id) {
        return slots.remove(id) != null;
    }

    synchronized int subscriptions() {
        return slots.size();
    }

    synchronized boolean has(String id) {
        return slots.containsKey(id);
    }

    /**
     * A subscription's newest update. {@code clientBehind}: the client has not read as much as the
     * connection lets it leave unread, so nothing could be sent now anyway.
     */
    synchronized Offer update(String id, M message, long now, boolean clientBehind) {
        Slot<M> slot = slots.get(id);
        if (slot == null) {
            return Offer.IGNORED;
        }
        Offer outcome;
        if (slot.pending == null) {
            slot.pendingSince = now;
            outcome = Offer.QUEUED;
        } else {
            outcome = clientBehind || now - slot.nextAllowed >= 0 ? Offer.DROPPED : Offer.CONFLATED;
        }
        slot.pending = message;
        return outcome;
    }

    /** The next message to send at {@code now}, or null: a reply first, else the longest-waiting update allowed now. */
    synchronized M poll(long now) {
        M reply = replies.poll();
        if (reply != null) {
            return reply;
        }
        Slot<M> next = null;
        for (Slot<M> s : slots.values()) {
            if (s.pending != null && now - s.nextAllowed >= 0 && (next == null || s.pendingSince - next.pendingSince < 0)) {
                next = s;
            }
        }
        if (next == null) {
            return null;
        }
        M message = next.pending;
        next.pending = null;
        next.nextAllowed = now + intervalNanos;
        return message;
    }

    /** Nanoseconds from {@code now} until a waiting update may be sent; -1 when none waits. */
    synchronized long nextDue(long now) {
        long best = -1;
        for (Slot<M> s : slots.values()) {
            if (s.pending != null) {
                long wait = Math.max(0, s.nextAllowed - now);
                best = best < 0 ? wait : Math.min(best, wait);
            }
        }
        return best;
    }

    /** Messages held: replies waiting and updates waiting in slots (at most maxReplies + subscriptions). */
    synchronized int held() {
        int n = replies.size();
        for (Slot<M> s : slots.values()) {
            if (s.pending != null) {
                n++;
            }
        }
        return n;
    }
}
