package io.metaroute.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import reactor.core.Exceptions;

/** Failures that no input causes still get an answer a client can act on, not a 500. */
class ProblemsTest {
    @Test
    void aFullSolverQueueIsOverloadedWithRetryAfterNotInternal() {
        // What a bounded Reactor scheduler throws when its queue is full.
        RuntimeException rejected = Exceptions.failWithRejected();
        assertThat(rejected).isInstanceOf(RejectedExecutionException.class);
        Problems.Answer answer = Problems.classify(rejected);
        assertThat(answer.kind()).isEqualTo(ErrorKind.OVERLOADED);
        assertThat(answer.kind().status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    }

    @Test
    void anythingElseUnexpectedIsInternal() {
        assertThat(Problems.classify(new IllegalStateException("a bug")).kind()).isEqualTo(ErrorKind.INTERNAL);
    }
}
