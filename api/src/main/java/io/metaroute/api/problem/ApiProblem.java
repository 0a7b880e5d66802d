package io.metaroute.api.problem;

import org.springframework.http.HttpStatus;

/**
 * The one error type of the HTTP and WebSocket edge: a stable {@link ErrorKind} a client can switch
 * on, the field at fault (a JSON path such as {@code typedData.message.amountIn}) and a sentence for
 * humans. It carries no stack trace: it is an answer, not a failure of the service.
 */
public final class ApiProblem extends RuntimeException {
    private final ErrorKind kind;
    private final String field;

    public ApiProblem(ErrorKind kind, String field, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
        this.field = field;
    }

    public static ApiProblem of(ErrorKind kind, String field, String detail) {
        return new ApiProblem(kind, field, detail);
    }

    public HttpStatus status() {
        return kind.status();
    }

    public ErrorKind kind() {
        return kind;
    }

    public String field() {
        return field;
    }
}
