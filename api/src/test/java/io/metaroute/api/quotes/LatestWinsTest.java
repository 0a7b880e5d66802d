package io.metaroute.api.quotes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** Latest-wins delivery: what a socket that stops being read holds, and what it sends when it drains. */
class LatestWinsTest {

    @Test
    void withoutDemandOnlyTheLatestIsKept() {
        Sinks.Many<Integer> answers = Sinks.many().multicast().directBestEffort();
        StepVerifier.create(LatestWins.conflate(answers.asFlux()), 0)
                .then(() -> {
                    for (int i = 1; i <= 80; i++) {
                        answers.tryEmitNext(i);
                    }
                })
                .thenRequest(1)
                .expectNext(80)
                .thenRequest(5)
                .expectNoEvent(Duration.ofMillis(20)) // nothing stale was buffered behind the latest
                .then(() -> answers.tryEmitNext(81))
                .expectNext(81)
                .thenCancel()
                .verify();
    }

    @Test
    void whileAWriteIsStuckNewerAnswersReplaceTheWaitingOneAndTheLatestIsWrittenNext() {
        Sinks.Many<Integer> answers = Sinks.many().multicast().directBestEffort();
        List<Integer> written = new CopyOnWriteArrayList<>();
        List<Sinks.Empty<Void>> writes = new CopyOnWriteArrayList<>();
        StepVerifier.create(LatestWins.deliver(answers.asFlux(), m -> {
                    written.add(m);
                    Sinks.Empty<Void> write = Sinks.empty();
                    writes.add(write);
                    return write.asMono(); // completes when the test says the socket took it
                }), 0)
                .thenRequest(100)
                .then(() -> answers.tryEmitNext(1))
                .then(() -> assertThat(written).containsExactly(1))
                .then(() -> {
                    for (int i = 2; i <= 80; i++) {
                        answers.tryEmitNext(i); // the peer does not read: write 1 stays pending
                    }
                })
                .then(() -> assertThat(written).as("nothing more is written while the first write is stuck").containsExactly(1))
                .then(() -> writes.getLast().tryEmitEmpty())
                .expectNext(1)
                .then(() -> assertThat(written).containsExactly(1, 80))
                .then(() -> writes.getLast().tryEmitEmpty())
                .expectNext(80)
                .then(() -> answers.tryEmitNext(81))
                .then(() -> writes.getLast().tryEmitEmpty())
                .expectNext(81)
                .then(answers::tryEmitComplete)
                .verifyComplete();
        assertThat(written).containsExactly(1, 80, 81);
    }

    @Test
    void aWriteThatFailsEndsTheDelivery() {
        StepVerifier.create(LatestWins.deliver(reactor.core.publisher.Flux.just(1, 2),
                        m -> Mono.error(new IllegalStateException("socket closed"))))
                .expectErrorMessage("socket closed")
                .verify(Duration.ofSeconds(5));
    }
}
