package io.metaroute.quotefeeds.pools;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.metaroute.core.chain.Address;
import io.metaroute.quotefeeds.chain.infra.ChainRpc;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSubscribe;
import org.web3j.protocol.websocket.WebSocketService;
import org.web3j.protocol.websocket.events.Notification;
import reactor.core.publisher.Flux;

/**
 * The {@code Sync} logs of a set of pairs: a range of blocks over HTTP ({@code eth_getLogs}), or as
 * they come over a WebSocket {@code logs} subscription, whose notifications keep the {@code removed}
 * flag (web3j's own log event drops it).
 */
final class SyncLogs {
    /** keccak256("Sync(uint112,uint112)"). */
    static final String SYNC_TOPIC = "0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1";

    /** A log as a {@code logs} subscription sends it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class WsLog {
        public String address;
        public String blockHash;
        public String blockNumber;
        public String logIndex;
        public String data;
        public boolean removed;
    }

    /** A {@code logs} subscription's notification. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class WsLogNotification extends Notification<WsLog> {
    }

    private final List<String> addresses;
    private final ChainRpc rpc;

    SyncLogs(Collection<Address> pools, ChainRpc rpc) {
        this.addresses = pools.stream().map(Address::hex).toList();
        this.rpc = Objects.requireNonNull(rpc, "rpc");
    }

    /** Every Sync of the pairs in blocks {@code from..to} (inclusive), in chain order. */
    Flux<SyncEvent> range(long from, long to) {
        if (from > to) {
            return Flux.empty();
        }
        var filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), addresses).addSingleTopic(SYNC_TOPIC);
        return rpc.call(rpc.http().ethGetLogs(filter)).flatMapIterable(EthLog::getLogs)
                .map(r -> (EthLog.LogObject) r.get())
                .mapNotNull(l -> SyncEvent.parse(l.getAddress(), l.getBlockNumberRaw(), l.getBlockHash(), l.getLogIndexRaw(),
                        l.getData(), l.isRemoved()));
    }

    /** The pairs' Sync logs as the node pushes them over {@code ws}, until the subscription ends. */
    Flux<SyncEvent> subscribe(WebSocketService ws) {
        var request = new Request<>("eth_subscribe", List.of("logs", Map.of("address", addresses, "topics", List.of(SYNC_TOPIC))),
                ws, EthSubscribe.class);
        return Flux.from(ws.subscribe(request, "eth_unsubscribe", WsLogNotification.class))
                .map(n -> n.getParams().getResult())
                .mapNotNull(l -> SyncEvent.parse(l.address, l.blockNumber, l.blockHash, l.logIndex, l.data, l.removed));
    }
}
