package io.metaroute.api.rfq;

import io.metaroute.core.chain.Address;
import io.metaroute.quotefeeds.rfq.FadeBook;
import io.metaroute.quotefeeds.rfq.QuoteBook;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/rfq/makers}: every allowed maker's fade standing and live quotes. */
@RestController
@io.swagger.v3.oas.annotations.tags.Tag(name = "rfq", description = "market makers: standing and live firm quotes")
public class RfqController {
    private final QuoteBook book;
    private final FadeBook fades;

    public RfqController(QuoteBook book, FadeBook fades) {
        this.book = book;
        this.fades = fades;
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "market makers",
            description = "each allowed maker: quotes used and failed at execution (decayed), its fail rate, whether its "
                    + "quotes are declined (faded), and its live quotes")
    @GetMapping(path = "/v1/rfq/makers", produces = "application/json")
    public Map<String, Object> makers() {
        List<Map<String, Object>> makers = book.makers().stream().sorted(java.util.Comparator.comparing(Address::hex)).map(m -> {
            var s = fades.standing(m);
            var out = new LinkedHashMap<String, Object>();
            out.put("maker", m.checksummed());
            out.put("used", s.used());
            out.put("failed", s.failed());
            out.put("failRate", s.failRate());
            out.put("declined", s.declined());
            out.put("quotes", RfqConfig.quotesOf(book.of(m)));
            return (Map<String, Object>) out;
        }).toList();
        return Map.of("makers", makers);
    }
}
