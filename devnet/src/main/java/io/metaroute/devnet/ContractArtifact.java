package io.metaroute.devnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creation bytecode of a contract the contracts module built or extracted ({@code
 * io/metaroute/contracts/<Name>.json} on the class path, {@code {abi, bytecode}}), for contracts
 * that have no generated wrapper.
 */
public final class ContractArtifact {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> BYTECODE = new ConcurrentHashMap<>();

    private ContractArtifact() {
    }

    /** The creation bytecode, {@code 0x}-prefixed hex. */
    public static String bytecode(String name) {
        return BYTECODE.computeIfAbsent(name, ContractArtifact::load);
    }

    private static String load(String name) {
        String resource = "/io/metaroute/contracts/" + name + ".json";
        try (InputStream in = ContractArtifact.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DevnetException("no contract artifact " + resource + " on the class path (build the contracts module)");
            }
            String hex = JSON.readTree(in).path("bytecode").asText("");
            if (!hex.matches("0x[0-9a-fA-F]+")) {
                throw new DevnetException(resource + " has no plain bytecode");
            }
            return hex;
        } catch (IOException e) {
            throw new DevnetException("could not read " + resource, e);
        }
    }
}
