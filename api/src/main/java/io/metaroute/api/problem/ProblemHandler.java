package io.metaroute.api.problem;

import io.metaroute.core.chain.InvalidValueException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/** Maps every failure to RFC 9457 problem+json with a stable {@code kind}, once, at the edge. */
@RestControllerAdvice
public class ProblemHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> api(ApiProblem p) {
        return answer(p.status(), p.kind(), p.field(), p.getMessage());
    }

    @ExceptionHandler(InvalidValueException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidValueException e) {
        return answer(HttpStatus.BAD_REQUEST, "invalid_field", e.field(), e.getMessage());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> input(ServerWebInputException e) {
        Throwable cause = e.getMostSpecificCause();
        boolean json = cause instanceof DecodingException || cause instanceof com.fasterxml.jackson.core.JsonProcessingException
                || e.getCause() instanceof DecodingException;
        if (json || e.getReason() != null && e.getReason().contains("body")) {
            return answer(HttpStatus.BAD_REQUEST, "malformed_json", "body",
                    "the request body is not valid JSON of the expected shape: " + firstLine(cause.getMessage()));
        }
        return answer(HttpStatus.BAD_REQUEST, "invalid_field", null, firstLine(e.getReason()));
    }

    @ExceptionHandler(UnsupportedMediaTypeStatusException.class)
    ResponseEntity<ProblemDetail> mediaType(UnsupportedMediaTypeStatusException e) {
        return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Content-Type", "send application/json");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected failure", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, "internal", null, "an unexpected error occurred");
    }

    static ResponseEntity<ProblemDetail> answer(HttpStatus status, String kind, String field, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setType(URI.create("https://metaroute.io/problems/" + kind.replace('_', '-')));
        pd.setTitle(kind.replace('_', ' '));
        pd.setProperty("kind", kind);
        if (field != null) {
            pd.setProperty("field", field);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
