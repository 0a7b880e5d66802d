package io.metaroute.core.chain;

/**
 * A value type refused its input. {@link #field()} names what was wrong so the edge can report it;
 * the API maps this to a problem+json answer.
 */
public final class InvalidValueException extends IllegalArgumentException {
    private final String field;

    public InvalidValueException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The same failure, reported under a more precise field path (e.g. {@code message.amountIn}). */
    public InvalidValueException at(String path) {
        return new InvalidValueException(path, getMessage().substring(field.length() + 2));
    }
}
