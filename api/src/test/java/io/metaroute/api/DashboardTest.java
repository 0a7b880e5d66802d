package io.metaroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaroute.core.network.Rollup;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The live dashboard in a real browser (Debian's headless Chromium) against the service on the
 * moving devnet: the page must show every rollup with its health, draw the best cross-rollup route
 * from the stream (pool legs on both rollups and the carry between them), and list the intents just
 * posted with their lifecycle; and the screenshot must show it (several distinct colours where the
 * route is drawn, not a blank or an error page).
 */
class DashboardTest extends LiveMarketTestBase {

    /** One allowed maker that never connects: the page shows its standing and that it has no live quotes. */
    @org.springframework.test.context.DynamicPropertySource
    static void oneMaker(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("metaroute.rfq.makers[0]", () -> wallet(2).address().checksummed());
    }
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path OUT = Path.of("target", "dashboard");

    @LocalServerPort
    int port;

    @Test
    void theDashboardShowsRollupsTheirHealthALiveRouteAcrossRollupsAndIntentsMoving() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium (apt-get install -y chromium; .ci/run installs it)").isExecutable();
        List<Rollup> rollups = devnet().network().rollups();
        Rollup ember = rollups.get(0);
        Rollup veil = rollups.get(1);
        JsonNode quote = movingQuote(ember, null, "USDC", "WETH", "300000000", wallet(0));
        String swap = submit(signTyped(quote.get("typedData"), wallet(0)));
        JsonNode crossQuote = movingQuote(ember, veil, "USDC", "USDC", "120000000", wallet(1));
        String order = submit(CrossJobClient.signed(crossQuote.get("typedData"), wallet(1)));
        assertThat(awaitFinished(swap).get("status").asText()).isEqualTo("filled");

        String page = "http://127.0.0.1:" + port + "/dashboard/index.html?chainId=" + ember.chainId().value()
                + "&destinationChainId=" + veil.chainId().value() + "&tokenIn=USDC&tokenOut=WETH&amount=100";
        Files.createDirectories(OUT);
        String dom = chromium(page, "--dump-dom");
        Files.writeString(OUT.resolve("dashboard.html"), dom);

        // rollups and their health, from /actuator/health
        var cards = Pattern.compile("class=\"rollup\" data-status=\"(\\w+)\" data-chain-id=\"(\\d+)\"").matcher(dom);
        var seen = new LinkedHashMap<String, String>();
        while (cards.find()) {
            seen.put(cards.group(2), cards.group(1));
        }
        assertThat(seen.keySet()).as("a card per rollup").containsExactlyInAnyOrderElementsOf(
                rollups.stream().map(r -> Long.toString(r.chainId().value())).toList());
        assertThat(seen.values()).as("their health").containsOnly("UP");
        rollups.forEach(r -> assertThat(dom).contains(">" + r.name() + "<"));
        // the best route from ember to veil, drawn from the stream: the carry between the rollups and pool legs on veil
        assertThat(count(dom, "class=\"rollup-band\"")).as("a band per rollup of the route").isEqualTo(2);
        assertThat(count(dom, "class=\"carry\"")).as("the Metalayer carry").isEqualTo(1);
        assertThat(count(dom, "class=\"leg\"")).as("pool legs on the destination").isPositive();
        assertThat(dom).contains("Metalayer carry 100 USDC");
        // the market makers, as GET /v1/rfq/makers has them
        var makers = http.get().uri("/v1/rfq/makers").exchange().expectStatus().isOk()
                .expectBody(com.fasterxml.jackson.databind.JsonNode.class).returnResult().getResponseBody();
        int makerCount = makers.get("makers").size();
        assertThat(dom).contains("id=\"makers\" data-makers=\"" + makerCount + "\"");
        assertThat(makerCount).isEqualTo(1);
        assertThat(count(dom, "class=\"maker\"")).as("a row per allowed maker").isEqualTo(makerCount);
        assertThat(dom).contains(wallet(2).address().checksummed().substring(0, 6)).contains("none live").contains("ranked");
        // the intents just posted, with their lifecycle
        assertThat(dom).contains(swap.substring(0, 8)).contains(order.substring(0, 8));
        assertThat(count(dom, "class=\"intent\"")).isGreaterThanOrEqualTo(2);
        assertThat(dom).contains("data-status=\"filled\"");

        Path png = OUT.resolve("dashboard.png");
        chromium(page, "--screenshot=" + png.toAbsolutePath());
        BufferedImage shot = ImageIO.read(png.toFile());
        assertThat(shot.getWidth()).isEqualTo(1280);
        assertThat(shot.getHeight()).isEqualTo(900);
        // the route is drawn below the rollup cards, across the middle of the page
        Colours route = colours(shot, 40, 300, 1240, 620);
        Colours whole = colours(shot, 0, 0, 1280, 900);
        System.out.printf("dashboard: %d distinct colours on the page, %d in the route area, %d saturated hues there, "
                + "%.1f%% of it drawn%n", whole.distinct(), route.distinct(), route.hues().size(), route.drawnShare() * 100);
        assertThat(whole.distinct()).as("distinct colours on the page").isGreaterThan(50);
        // at least a pool leg's colour and the carry's orange (bucket 1: hues 30-60 degrees)
        assertThat(route.hues()).as("saturated hues in the route area: pool legs, the carry").hasSizeGreaterThanOrEqualTo(2)
                .contains(1);
        assertThat(route.drawnShare()).as("share of the route area that is not background").isBetween(0.02, 0.9);
    }

    /** Distinct colours (to 4 bits a channel), hue buckets of strongly coloured pixels, and the share unlike the corner's colour. */
    record Colours(int distinct, Set<Integer> hues, double drawnShare) {
    }

    static Colours colours(BufferedImage image, int x0, int y0, int x1, int y1) {
        var distinct = new HashSet<Integer>();
        var hueCounts = new int[12];
        int background = image.getRGB(x0 + 2, y0 + 2);
        long drawn = 0;
        long all = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int rgb = image.getRGB(x, y);
                distinct.add(rgb & 0xF0F0F0);
                all++;
                if (Math.abs(((rgb >> 16) & 0xFF) - ((background >> 16) & 0xFF)) + Math.abs(((rgb >> 8) & 0xFF)
                        - ((background >> 8) & 0xFF)) + Math.abs((rgb & 0xFF) - (background & 0xFF)) > 30) {
                    drawn++;
                }
                float[] hsb = Color.RGBtoHSB((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, null);
                if (hsb[1] > 0.45f && hsb[2] > 0.45f) {
                    hueCounts[Math.min(11, (int) (hsb[0] * 12))]++;
                }
            }
        }
        var hues = new HashSet<Integer>();
        for (int h = 0; h < 12; h++) {
            if (hueCounts[h] > 200) { // a stroke, not a few anti-aliased pixels
                hues.add(h);
            }
        }
        return new Colours(distinct.size(), hues, (double) drawn / all);
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * Runs headless Chromium on {@code url} with a fresh profile and returns what it prints. Virtual
     * time lets the page's timers and the stream run until the budget is spent, then the page is captured.
     */
    static String chromium(String url, String what) throws Exception {
        Path profile = Files.createTempDirectory("metaroute-chromium");
        var command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1280,900", "--virtual-time-budget=20000", what, url));
        Path log = OUT.resolve("chromium.log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(Duration.ofSeconds(90).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s; see " + log);
        }
        org.springframework.util.FileSystemUtils.deleteRecursively(profile);
        assertThat(process.exitValue()).as("chromium exit code; see " + log).isZero();
        return out;
    }
}
