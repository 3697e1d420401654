package org.saturn.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.lang.gen.Estimate;
import org.saturn.core.store.RunStore;

/**
 * The HTML report as a figure page: curves against steps with bands, chance levels, error bars,
 * ticks on every axis, legends beside (never on) the data, one colour per group, nothing fetched;
 * and, where a headless Chromium exists, a screenshot that shows it.
 */
class HtmlReportTest {

    private static final Pattern SVG = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL);

    private static String report(Path folder) {
        RunStore store = RunStore.create(folder);
        ProviderFixtures.run(store, "a1", "maxLikelihood", 1, new double[] { 0.9, 0.4, 0.2, 0.15 },
                new double[] { 0.1, 0.4, 0.7, 0.8 });
        ProviderFixtures.run(store, "a2", "maxLikelihood", 2, new double[] { 1.0, 0.5, 0.25, 0.12 },
                new double[] { 0.2, 0.5, 0.6, 0.9 });
        ProviderFixtures.run(store, "b1", "adversarial", 1, new double[] { 0.8, 0.3, 0.18, 0.11 },
                new double[] { 0.0, 0.1, 0.1, 0.2 });
        ProviderFixtures.run(store, "b2", "adversarial", 2, new double[] { 0.85, 0.35, 0.2, 0.13 },
                new double[] { 0.05, 0.05, 0.15, 0.1 });
        List<GroupRow> rows = StudyReport.of(RunStore.open(folder), null, ReportConventions.SATURN);
        return ReportFormats.html(rows, ReportConventions.SATURN, StudyColumns.of(rows),
                run -> Map.of("ood.R1", new Estimate(0.25, false, 0.22, 0.28)));
    }

    @Test
    void curvesAgainstStepsWithBandsOptimumAndChance(@TempDir Path folder) {
        String html = report(folder);
        assertThat(html).contains("<h3>S: test loss against steps</h3>", "<h3>S: gap to the optimum against steps</h3>",
                "<h3>S: ood.R1 against steps</h3>", "class='data band'", "exact optimal loss 0.1",
                "chance level 0.250 (95% CI 0.220–0.280)", "class='data chance'");
        // hover values at each evaluation: the mean ± std over the seeds and n
        assertThat(html).contains("<title>Tf maxLikelihood · step 400: test.loss = 0.13500 ± 0.021 (n=2)</title>");
        // error bars on the test loss per group: a diamond with its whiskers, the numbers on hover
        assertThat(html).contains("Tf maxLikelihood: test loss 0.13500 ± 0.021 (n=2)");
        // one self-contained file: nothing fetched, no scripts
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http:", "https:", "<script",
                "<link", "<img");
    }

    @Test
    void everyAxisHasTickLabelsAndNoLegendCoversData(@TempDir Path folder) {
        List<String> figures = figures(report(folder));
        assertThat(figures).hasSizeGreaterThanOrEqualTo(5);
        for (String svg : figures) {
            assertThat(count(svg, "class='tick-x'")).as("x tick labels of %s", head(svg)).isGreaterThanOrEqualTo(2);
            assertThat(count(svg, "class='tick-y'")).as("y tick labels of %s", head(svg)).isGreaterThanOrEqualTo(2);
            assertThat(Pattern.compile("class='tick-[xy]'[^>]*>\\s*<").matcher(svg).find()).as("an empty tick label")
                    .isFalse();
            double[] legend = legendBox(svg).orElseThrow(() -> new AssertionError("no legend in " + head(svg)));
            for (double[] point : dataPoints(svg)) {
                assertThat(inside(point, legend)).as("data point %s,%s under the legend %s of %s", point[0], point[1],
                        java.util.Arrays.toString(legend), head(svg)).isFalse();
            }
            int width = Integer.parseInt(attribute(svg.substring(0, svg.indexOf('>')), "width"));
            assertThat(legend[0] + legend[2]).as("the legend fits in the figure").isLessThanOrEqualTo(width);
        }
    }

    @Test
    void aGroupHasOneColourInEveryFigure(@TempDir Path folder) {
        Map<String, String> colourOf = new HashMap<>();
        Pattern entry = Pattern.compile("(?:fill|stroke)='(#[0-9a-f]{6})'[^<]*/>(?:<line[^>]*/>)?<text [^>]*>(Tf [a-zA-Z]+)");
        int entries = 0;
        for (String svg : figures(report(folder))) {
            Matcher m = entry.matcher(svg);
            while (m.find()) {
                entries++;
                String earlier = colourOf.putIfAbsent(m.group(2), m.group(1));
                assertThat(earlier == null ? m.group(1) : earlier).as("colour of %s", m.group(2)).isEqualTo(m.group(1));
            }
        }
        assertThat(entries).isGreaterThanOrEqualTo(8);
        assertThat(new HashSet<>(colourOf.values())).hasSize(2);
    }

    /**
     * Renders the page in a headless Chromium (installed by {@code ./saturn test} as root) and checks the
     * picture: not blank, and the first group's colour drawn. The PNG stays in target/screenshots/.
     */
    @Test
    void aHeadlessBrowserRendersTheFigures(@TempDir Path folder) throws Exception {
        Optional<String> browser = browser();
        Assumptions.assumeTrue(browser.isPresent(), "no headless browser (chromium-headless-shell or chromium) on PATH: "
                + "install one with 'apt-get install chromium-headless-shell' (./saturn test does as root)");
        Path page = folder.resolve("report.html");
        Files.writeString(page, report(folder.resolve("store")), StandardCharsets.UTF_8);
        Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);
        Path png = screenshots.resolve("html-report.png");
        Files.deleteIfExists(png);
        screenshot(browser.get(), page, png, 1200, 4200);
        assertThat(png).exists();
        BufferedImage image = ImageIO.read(png.toFile());
        int ink = 0;
        int firstGroup = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                ink += rgb == 0xffffff ? 0 : 1;
                firstGroup += rgb == 0x0072b2 ? 1 : 0;
            }
        }
        int samples = (image.getHeight() / 2) * (image.getWidth() / 2);
        assertThat(ink).as("non-white share of the screenshot").isGreaterThan(samples / 50);
        assertThat(colours).as("colours in the screenshot").hasSizeGreaterThan(20);
        assertThat(firstGroup).as("pixels of the first group's colour (#0072b2)").isGreaterThan(200);
    }

    /** Takes a screenshot of a page with a headless Chromium. */
    static void screenshot(String browser, Path page, Path png, int width, int height) throws Exception {
        Process process = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--screenshot=" + png, "--window-size=" + width + "," + height, page.toUri().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the browser finished").isTrue();
    }

    static Optional<String> browser() {
        for (String name : List.of("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> figures(String html) {
        List<String> svgs = new ArrayList<>();
        Matcher m = SVG.matcher(html);
        while (m.find()) {
            svgs.add(m.group());
        }
        return svgs;
    }

    /** x, y, width, height of the legend's box. */
    private static Optional<double[]> legendBox(String svg) {
        Matcher m = Pattern.compile("<rect class='legend-box'[^>]*>").matcher(svg);
        if (!m.find()) {
            return Optional.empty();
        }
        String rect = m.group();
        return Optional.of(new double[] { Double.parseDouble(attribute(rect, "x")), Double.parseDouble(attribute(rect, "y")),
                Double.parseDouble(attribute(rect, "width")), Double.parseDouble(attribute(rect, "height")) });
    }

    /** Every drawn data coordinate: circle centres, corners of rects, polyline and polygon vertices, line ends. */
    private static List<double[]> dataPoints(String svg) {
        List<double[]> points = new ArrayList<>();
        Matcher element = Pattern.compile("<(circle|rect|polyline|polygon|line) class='data[^']*'[^>]*>").matcher(svg);
        while (element.find()) {
            String tag = element.group();
            switch (element.group(1)) {
            case "circle" -> points.add(new double[] { number(tag, "cx"), number(tag, "cy") });
            case "rect" -> {
                double x = number(tag, "x");
                double y = number(tag, "y");
                points.add(new double[] { x, y });
                points.add(new double[] { x + number(tag, "width"), y + number(tag, "height") });
            }
            case "line" -> {
                points.add(new double[] { number(tag, "x1"), number(tag, "y1") });
                points.add(new double[] { number(tag, "x2"), number(tag, "y2") });
            }
            default -> {
                for (String pair : attribute(tag, "points").trim().split("\\s+")) {
                    String[] xy = pair.split(",");
                    points.add(new double[] { Double.parseDouble(xy[0]), Double.parseDouble(xy[1]) });
                }
            }
            }
        }
        assertThat(points).as("data in %s", head(svg)).isNotEmpty();
        return points;
    }

    private static boolean inside(double[] point, double[] box) {
        return point[0] >= box[0] && point[0] <= box[0] + box[2] && point[1] >= box[1] && point[1] <= box[1] + box[3];
    }

    private static double number(String tag, String name) {
        return Double.parseDouble(attribute(tag, name));
    }

    private static String attribute(String tag, String name) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "='([^']*)'").matcher(tag);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + tag);
        }
        return m.group(1);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static String head(String svg) {
        return svg.substring(0, Math.min(120, svg.length()));
    }
}
