package io.metaroute.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaroute.core.chain.Address;
import io.metaroute.core.chain.ChainId;
import io.metaroute.core.chain.Domain;
import io.metaroute.core.network.FinalityState;
import io.metaroute.core.network.Metalayer;
import io.metaroute.core.network.MetalayerContracts;
import io.metaroute.core.network.Network;
import io.metaroute.core.network.ValidatorSet;
import io.metaroute.core.network.PoolRef;
import io.metaroute.core.network.Rollup;
import io.metaroute.core.network.RollupProfile;
import io.metaroute.core.token.Token;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

/**
 * The JSON description of a network and its dev accounts: what {@link Devnet} writes at start and
 * what the API reads as configuration.
 * <pre>{"rollups":[{"name","profile","chainId","domain","rpcUrl","wsUrl","blockTimeMillis","gasPriceWei",
 *   "settler","poolFactory","tokens":[{"symbol","address","decimals"}],"pools":[{"address","token0","token1"}]}],
 *  "metalayer":{"validators":{"INSTANT":{"threshold","validators":[address]},"FINALIZED":{..}},
 *    "rollups":[{"domain","mailbox","merkleTreeHook","interchainGasPaymaster","gasOracle","multisigIsmFactory",
 *      "instantIsm","finalizedIsm","finalityIsm","router","crossSettler","warpRoutes":{token:router}}]},
 *  "devAccounts":[{"role","address","privateKey"}]}</pre>
 * The {@code metalayer} section is left out for a network without a Metalayer deployment.
 */
public final class NetworkFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What a description file holds. */
    public record Contents(Network network, List<DevAccount> devAccounts) {
        public Contents {
            devAccounts = List.copyOf(devAccounts);
        }
    }

    private NetworkFile() {
    }

    /** Writes atomically (temporary file, then move), creating parent directories. */
    public static void write(Path file, Network network, List<DevAccount> accounts) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, toJson(network, accounts));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DevnetException("could not write network description " + file, e);
        }
    }

    public static Contents read(Path file) {
        try {
            return fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new DevnetException("could not read network description " + file, e);
        }
    }

    public static String toJson(Network network, List<DevAccount> accounts) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode rollups = root.putArray("rollups");
        for (Rollup r : network.rollups()) {
            ObjectNode n = rollups.addObject();
            n.put("name", r.name());
            n.put("profile", r.profile().name());
            n.put("chainId", r.chainId().value());
            n.put("domain", r.domain().value());
            n.put("rpcUrl", r.rpcUrl().toString());
            if (r.wsUrl() != null) {
                n.put("wsUrl", r.wsUrl().toString());
            }
            n.put("blockTimeMillis", r.blockTime().toMillis());
            n.put("gasPriceWei", r.gasPriceWei().toString());
            n.put("settler", r.settler().checksummed());
            n.put("poolFactory", r.poolFactory().checksummed());
            ArrayNode tokens = n.putArray("tokens");
            for (Token t : r.tokens()) {
                tokens.addObject().put("symbol", t.symbol()).put("address", t.address().checksummed()).put("decimals", t.decimals());
            }
            ArrayNode pools = n.putArray("pools");
            for (PoolRef p : r.pools()) {
                pools.addObject().put("address", p.address().checksummed())
                        .put("token0", p.token0().checksummed()).put("token1", p.token1().checksummed());
            }
        }
        if (network.metalayer().deployed()) {
            writeMetalayer(root.putObject("metalayer"), network.metalayer());
        }
        ArrayNode devAccounts = root.putArray("devAccounts");
        for (DevAccount a : accounts) {
            devAccounts.addObject().put("role", a.role()).put("address", a.address().checksummed()).put("privateKey", a.privateKey());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new DevnetException("could not serialise the network description", e);
        }
    }

    public static Contents fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new DevnetException("network description is not valid JSON: " + e.getMessage(), e);
        }
        var rollups = new ArrayList<Rollup>();
        for (JsonNode n : array(root, "rollups")) {
            ChainId chain = ChainId.of(required(n, "chainId").asLong());
            var tokens = new ArrayList<Token>();
            for (JsonNode t : array(n, "tokens")) {
                tokens.add(new Token(chain, address(t, "address"), text(t, "symbol"), required(t, "decimals").asInt()));
            }
            var pools = new ArrayList<PoolRef>();
            for (JsonNode p : array(n, "pools")) {
                pools.add(new PoolRef(address(p, "address"), address(p, "token0"), address(p, "token1")));
            }
            rollups.add(new Rollup(text(n, "name"), RollupProfile.valueOf(text(n, "profile")), chain,
                    Domain.of(required(n, "domain").asLong()), URI.create(text(n, "rpcUrl")),
                    n.hasNonNull("wsUrl") ? URI.create(n.get("wsUrl").asText()) : null,
                    Duration.ofMillis(required(n, "blockTimeMillis").asLong()), new BigInteger(text(n, "gasPriceWei")),
                    address(n, "settler"), address(n, "poolFactory"), tokens, pools));
        }
        Metalayer metalayer = root.hasNonNull("metalayer") ? readMetalayer(root.get("metalayer")) : Metalayer.NONE;
        var accounts = new ArrayList<DevAccount>();
        if (root.has("devAccounts")) {
            for (JsonNode a : array(root, "devAccounts")) {
                accounts.add(new DevAccount(text(a, "role"), address(a, "address"), text(a, "privateKey")));
            }
        }
        return new Contents(new Network(rollups, metalayer), accounts);
    }

    private static void writeMetalayer(ObjectNode node, Metalayer metalayer) {
        ObjectNode validators = node.putObject("validators");
        for (FinalityState f : FinalityState.values()) {
            ValidatorSet set = metalayer.validators(f);
            ObjectNode n = validators.putObject(f.name());
            n.put("threshold", set.threshold());
            ArrayNode list = n.putArray("validators");
            set.validators().forEach(v -> list.add(v.checksummed()));
        }
        ArrayNode rollups = node.putArray("rollups");
        for (MetalayerContracts c : metalayer.rollups()) {
            ObjectNode entry = rollups.addObject();
            if (!c.warpRoutes().isEmpty()) {
                ObjectNode warp = entry.putObject("warpRoutes");
                c.warpRoutes().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey(
                                java.util.Comparator.comparing(Address::hex)))
                        .forEach(e -> warp.put(e.getKey().checksummed(), e.getValue().checksummed()));
            }
            entry.put("domain", c.domain().value())
                    .put("mailbox", c.mailbox().checksummed())
                    .put("merkleTreeHook", c.merkleTreeHook().checksummed())
                    .put("interchainGasPaymaster", c.interchainGasPaymaster().checksummed())
                    .put("gasOracle", c.gasOracle().checksummed())
                    .put("multisigIsmFactory", c.multisigIsmFactory().checksummed())
                    .put("instantIsm", c.instantIsm().checksummed())
                    .put("finalizedIsm", c.finalizedIsm().checksummed())
                    .put("finalityIsm", c.finalityIsm().checksummed())
                    .put("router", c.router().checksummed())
                    .put("crossSettler", c.crossSettler().checksummed());
        }
    }

    private static Metalayer readMetalayer(JsonNode node) {
        var sets = new EnumMap<FinalityState, ValidatorSet>(FinalityState.class);
        JsonNode validators = required(node, "validators");
        for (FinalityState f : FinalityState.values()) {
            JsonNode n = required(validators, f.name());
            var list = new ArrayList<Address>();
            for (JsonNode v : array(n, "validators")) {
                list.add(Address.of(v.asText()));
            }
            sets.put(f, new ValidatorSet(list, required(n, "threshold").asInt()));
        }
        var rollups = new ArrayList<MetalayerContracts>();
        for (JsonNode c : array(node, "rollups")) {
            rollups.add(new MetalayerContracts(Domain.of(required(c, "domain").asLong()), address(c, "mailbox"),
                    address(c, "merkleTreeHook"), address(c, "interchainGasPaymaster"), address(c, "gasOracle"),
                    address(c, "multisigIsmFactory"), address(c, "instantIsm"), address(c, "finalizedIsm"),
                    address(c, "finalityIsm"), address(c, "router"), address(c, "crossSettler"), warpRoutes(c)));
        }
        return new Metalayer(rollups, sets);
    }

    /** {@code "warpRoutes": {token: router}} of one rollup's Metalayer entry; none when absent. */
    private static java.util.Map<Address, Address> warpRoutes(JsonNode c) {
        var routes = new java.util.LinkedHashMap<Address, Address>();
        JsonNode node = c.get("warpRoutes");
        if (node == null || node.isNull()) {
            return routes;
        }
        if (!node.isObject()) {
            throw new DevnetException("network description: \"warpRoutes\" must be an object of token -> router");
        }
        node.fields().forEachRemaining(e -> {
            try {
                routes.put(Address.of(e.getKey()), Address.of(e.getValue().asText()));
            } catch (IllegalArgumentException bad) {
                throw new DevnetException("network description: warpRoutes entry " + e.getKey() + ": " + bad.getMessage());
            }
        });
        return routes;
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isArray()) {
            throw new DevnetException("network description: \"" + field + "\" must be an array");
        }
        return value;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new DevnetException("network description: missing \"" + field + "\" in " + node);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }

    private static Address address(JsonNode node, String field) {
        return Address.of(text(node, field));
    }
}
