package io.metaroute.api.stream;

import io.metaroute.api.problem.ApiProblem;
import io.metaroute.api.problem.ErrorKind;
import io.metaroute.api.problem.Problems;
import io.metaroute.api.quotes.ReadReceipts;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One client of the public stream: its subscriptions, and the one writer that sends to it.
 *
 * <p>Bounded whatever the client does. Updates and replies wait in the connection's {@link Outbox}
 * (one update per subscription, latest wins; at most {@code maxReplies} replies); the writer sends
 * one message at a time and leaves at most {@code maxUnread} of them unread by the client (known by
 * {@link ReadReceipts}), so a client that stops reading holds at most
 * {@code maxUnread + maxSubscriptions + maxReplies} messages here, whatever the market does. Shared
 * sources hand their messages to the outbox and return: nothing a client does reaches them or the
 * other clients. A client that has read nothing for {@code unreadTimeout} while it owes reads, or
 * sends more requests than it reads replies, is disconnected.
 */
final class StreamConnection {
    private static final Logger log = LoggerFactory.getLogger(StreamConnection.class);

    /** A message ready to go, with the channel whose update it is (null for a reply). */
    record Out(String channel, String text) {
    }

    private record Sub(String channel, Disposable running) {
    }

    private final WebSocketSession session;
    private final StreamSettings settings;
    private final StreamEvents events;
    private final Function<Channel, Flux<String>> sources;
    private final StreamCommands commands;
    private final ReadReceipts receipts;
    private final Outbox<Out> outbox;
    private final Map<String, Sub> subs = new ConcurrentHashMap<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final Sinks.Empty<Void> ended = Sinks.empty();
    private final Scheduler timer = Schedulers.parallel();
    private volatile boolean sending;
    private volatile boolean closed;
    /** When the client began to owe reads without reading anything since (nanoTime); 0 when it owes none. */
    private volatile long owingSince;
    private volatile long wakeAt;
    private volatile boolean wakeScheduled;

    StreamConnection(WebSocketSession session, StreamSettings settings, StreamEvents events, StreamCommands commands,
                     Function<Channel, Flux<String>> sources) {
        this.session = session;
        this.settings = settings;
        this.events = events;
        this.commands = commands;
        this.sources = sources;
        this.receipts = new ReadReceipts(session);
        this.outbox = new Outbox<>(settings.intervalNanos(), settings.maxReplies());
    }

    /** Messages held for this client now: waiting in the outbox, or sent and not read. */
    int held() {
        return outbox.held() + (int) receipts.unread();
    }

    /** Runs until the client closes the socket or the server drops it. */
    Mono<Void> run() {
        Disposable reads = receipts.reads().subscribe(n -> {
            owingSince = receipts.unread() == 0 ? 0 : System.nanoTime();
            drain();
        });
        Disposable watchdog = Flux.interval(settings.checkEvery(), timer).subscribe(t -> checkReading());
        Mono<Void> inbound = session.receive()
                .doOnNext(m -> {
                    if (!receipts.accept(m)) {
                        handle(m);
                    }
                })
                .then();
        return Mono.firstWithSignal(inbound, ended.asMono())
                .onErrorResume(e -> Mono.empty())
                .doFinally(signal -> {
                    closed = true;
                    reads.dispose();
                    watchdog.dispose();
                    subs.keySet().forEach(this::end);
                });
    }

    private void handle(WebSocketMessage m) {
        if (closed) {
            return; // dropped by the server: nothing more is taken on
        }
        if (m.getType() != WebSocketMessage.Type.TEXT) {
            problem(null, ApiProblem.of(ErrorKind.MALFORMED_JSON, null, "stream messages are JSON text frames"));
            return;
        }
        String text = m.getPayloadAsText();
        String id = null;
        try {
            if (text.length() > settings.maxMessageChars()) {
                throw ApiProblem.of(ErrorKind.PAYLOAD_TOO_LARGE, null, "a stream message has at most " + settings.maxMessageChars()
                        + " characters; this one has " + text.length());
            }
            var node = commands.tree(text);
            id = StreamCommands.idOf(node);
            switch (commands.read(node)) {
                case StreamCommands.Subscribe s -> subscribe(s.id(), s.channel());
                case StreamCommands.Unsubscribe u -> unsubscribe(u.id());
            }
        } catch (ApiProblem p) {
            problem(id, p);
        }
    }

    private void subscribe(String id, Channel channel) {
        if (subs.containsKey(id)) {
            throw ApiProblem.of(ErrorKind.INVALID_FIELD, "id", "subscription " + id + " exists on this connection; "
                    + "unsubscribe it first or choose another id");
        }
        if (subs.size() >= settings.maxSubscriptions()) {
            throw ApiProblem.of(ErrorKind.SUBSCRIPTION_LIMIT, "op", "this connection holds " + subs.size()
                    + " subscriptions, the most metaroute.stream.max-subscriptions allows; unsubscribe one first");
        }
        outbox.open(id, System.nanoTime());
        var running = Disposables.swap();
        subs.put(id, new Sub(channel.name(), running));
        events.subscribed(channel.name());
        reply(Messages.subscribed(id, channel.name(), settings.maxUpdatesPerSecond()));
        String prefix = "{\"id\":\"" + id + "\",";
        running.update(sources.apply(channel).subscribe(
                body -> update(id, channel.name(), prefix + body.substring(1)),
                failure -> failed(id, failure)));
    }

    private void unsubscribe(String id) {
        if (!end(id)) {
            throw ApiProblem.of(ErrorKind.UNKNOWN_SUBSCRIPTION, "id", "no subscription " + id + " on this connection");
        }
        reply(Messages.unsubscribed(id));
    }

    /** Stops a subscription; false if there was none. */
    private boolean end(String id) {
        Sub sub = subs.remove(id);
        if (sub == null) {
            return false;
        }
        sub.running().dispose();
        outbox.close(id);
        events.unsubscribed(sub.channel());
        return true;
    }

    private void failed(String id, Throwable failure) {
        if (!subs.containsKey(id)) {
            return;
        }
        end(id);
        var answer = Problems.classify(failure);
        if (answer.kind() == ErrorKind.INTERNAL) {
            log.warn("stream: subscription {} failed", id, failure);
        }
        problem(id, ApiProblem.of(answer.kind(), answer.field(), answer.detail()));
    }

    private void update(String id, String channel, String text) {
        if (closed) {
            return;
        }
        boolean behind = receipts.unread() >= settings.maxUnread();
        events.offered(channel, outbox.update(id, new Out(channel, text), System.nanoTime(), behind));
        drain();
    }

    private void problem(String id, ApiProblem p) {
        events.refused(p.kind().wire(), p.field(), p.getMessage());
        reply(Messages.problem(id, p));
    }

    private void reply(String text) {
        if (!outbox.reply(new Out(null, text))) {
            drop("replies_unread", "more than " + settings.maxReplies() + " replies wait unread");
            return;
        }
        drain();
    }

    /** Sends what may be sent now: one message at a time, while the client has read enough. */
    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            if (!closed && !sending && receipts.unread() < settings.maxUnread()) {
                long now = System.nanoTime();
                Out next = outbox.poll(now);
                if (next != null) {
                    sending = true;
                    if (receipts.unread() == 0) {
                        owingSince = now;
                    }
                    if (next.channel() != null) {
                        events.sent(next.channel());
                    }
                    receipts.send(next.text()).subscribe(seq -> { }, this::broken, () -> {
                        sending = false;
                        drain();
                    });
                } else {
                    wakeIn(outbox.nextDue(now), now);
                }
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Drains again once the earliest waiting update may go, unless a wake-up comes sooner already. */
    private void wakeIn(long nanos, long now) {
        if (nanos < 0) {
            return;
        }
        long at = now + nanos;
        if (wakeScheduled && wakeAt - at <= 0) {
            return;
        }
        wakeAt = at;
        wakeScheduled = true;
        timer.schedule(() -> {
            if (wakeAt == at) {
                wakeScheduled = false;
            }
            drain();
        }, Math.max(nanos, 1_000_000), TimeUnit.NANOSECONDS);
    }

    private void checkReading() {
        long since = owingSince;
        if (since != 0 && receipts.unread() > 0 && System.nanoTime() - since > settings.unreadTimeout().toNanos()) {
            drop("not_reading", "nothing read for " + settings.unreadTimeout().toSeconds() + " s with " + receipts.unread()
                    + " messages unread");
        }
    }

    private void broken(Throwable failure) {
        log.debug("stream: send failed: {}", failure.toString());
        closed = true;
        ended.tryEmitEmpty();
    }

    /** The server ends the connection: the close frame is sent if the socket takes it, and the handler ends regardless. */
    private void drop(String reason, String detail) {
        if (closed) {
            return;
        }
        closed = true;
        events.closed(reason, detail);
        session.close(CloseStatus.POLICY_VIOLATION.withReason(reason)).timeout(Duration.ofSeconds(1))
                .onErrorResume(e -> Mono.empty()).subscribe();
        ended.tryEmitEmpty();
    }
}
