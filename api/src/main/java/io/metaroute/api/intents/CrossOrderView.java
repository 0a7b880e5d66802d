package io.metaroute.api.intents;

import io.metaroute.api.persistence.CrossOrderRepository;
import io.metaroute.core.cross.CrossOrder;
import io.metaroute.pipeline.cross.CrossRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cross-rollup order as {@code GET /v1/intents/{id}} shows it: the signed terms, where its saga is
 * (status, reason), what the recipient got, the Metalayer message that settled it, and every step
 * with its rollup, transaction hash and time.
 */
public record CrossOrderView(String id, String kind, String orderId, String status, String reason,
                             Map<String, Object> order, String filledAmount, String messageId,
                             List<Map<String, Object>> steps) {

    static CrossOrderView of(CrossRow row, List<CrossOrderRepository.Event> history) {
        CrossOrder o = row.order();
        var terms = new LinkedHashMap<String, Object>();
        terms.put("user", o.user().checksummed());
        terms.put("originChainId", o.originChainId().value());
        terms.put("destinationChainId", o.destinationChainId().value());
        terms.put("tokenIn", o.tokenIn().checksummed());
        terms.put("amountIn", o.amountIn().toString());
        terms.put("tokenOut", o.tokenOut().checksummed());
        terms.put("minAmountOut", o.minAmountOut().toString());
        terms.put("recipient", o.recipient().checksummed());
        terms.put("openDeadline", o.openDeadline());
        terms.put("fillDeadline", o.fillDeadline());
        terms.put("finality", o.finality().name());
        terms.put("feeBps", o.feeBps());
        var steps = history.stream().map(e -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("status", e.status().db());
            m.put("detail", e.detail());
            m.put("chainId", e.chainId());
            m.put("txHash", e.txHash());
            m.put("at", e.at().toString());
            return (Map<String, Object>) m;
        }).toList();
        return new CrossOrderView(row.id().toString(), "cross-rollup", o.orderIdHex(), row.status().db(), row.reason(), terms,
                row.filledAmount() == null ? null : row.filledAmount().toString(), row.messageId(), steps);
    }
}
