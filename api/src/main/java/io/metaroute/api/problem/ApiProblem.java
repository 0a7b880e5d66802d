package io.metaroute.api.problem;

import org.springframework.http.HttpStatus;

/**
 * The one error type of the HTTP edge: a stable {@code kind} a client can switch on, the field
 * at fault (a JSON path such as {@code typedData.message.amountIn}) and a sentence for humans.
 */
public final class ApiProblem extends RuntimeException {
    private final HttpStatus status;
    private final String kind;
    private final String field;

    public ApiProblem(HttpStatus status, String kind, String field, String detail) {
        super(detail);
        this.status = status;
        this.kind = kind;
        this.field = field;
    }

    public static ApiProblem badRequest(String kind, String field, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, kind, field, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String kind() {
        return kind;
    }

    public String field() {
        return field;
    }
}
