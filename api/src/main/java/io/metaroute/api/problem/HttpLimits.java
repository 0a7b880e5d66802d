package io.metaroute.api.problem;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code metaroute.http.*}: the largest request body ({@code max-body}, default 64KB) and request
 * target ({@code max-uri-length} characters of path and query, default 2048) the service reads.
 * Larger ones are answered 413 / 414 problem+json before any controller runs.
 */
@ConfigurationProperties("metaroute.http")
public record HttpLimits(DataSize maxBody, Integer maxUriLength) {
    public HttpLimits {
        maxBody = maxBody == null ? DataSize.ofKilobytes(64) : maxBody;
        maxUriLength = maxUriLength == null ? 2048 : maxUriLength;
    }
}
