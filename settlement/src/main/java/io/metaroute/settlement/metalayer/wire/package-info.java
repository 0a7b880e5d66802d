/**
 * The JSON that validators serve over HTTP and relayers read (Hyperlane's checkpoint storage, in
 * our own shape): plain records with {@code from(domain)} and {@code toDomain()}, shared by the
 * service's endpoints and {@link io.metaroute.settlement.metalayer.infra.ValidatorHttpClient}.
 * Bytes are 0x-hex; domains and block numbers are JSON integers.
 */
package io.metaroute.settlement.metalayer.wire;
