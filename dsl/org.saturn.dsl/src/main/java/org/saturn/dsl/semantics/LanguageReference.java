package org.saturn.dsl.semantics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The language reference of the workbench's Help, generated at build time (the help bundle's build
 * runs {@link #main}) from the two sources the editor's hover uses: every keyword's documentation
 * ({@link KeywordDocumentation}) and every kind's parameters with type, range, default and unit
 * ({@link ParameterCatalog}). One source, so the Help never disagrees with the hover.
 */
public final class LanguageReference {

    private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private LanguageReference() {
    }

    /** {@code LanguageReference FILE}: writes the reference page to FILE (its folder created). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: LanguageReference OUTPUT.html");
        }
        Path out = Path.of(args[0]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, html(), StandardCharsets.UTF_8);
    }

    public static String html() {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                + "<title>Saturn language reference</title><link rel=\"stylesheet\" href=\"../style.css\"></head><body>"
                + "<h1>Saturn language reference</h1><p>Generated from the language's own documentation: what the "
                + "editor shows on hover. <a href=\"#keywords\">Keywords</a>");
        for (ParameterCatalog.Section section : ParameterCatalog.Section.values()) {
            html.append(" · <a href=\"#").append(anchor(section)).append("\">").append(escape(section.noun()))
                    .append(" parameters</a>");
        }
        html.append("</p><h2 id=\"keywords\">Keywords</h2><dl>");
        for (Map.Entry<String, String> keyword : KeywordDocumentation.all().entrySet()) {
            html.append("<dt id=\"kw-").append(escape(keyword.getKey())).append("\"><code>")
                    .append(escape(keyword.getKey())).append("</code></dt><dd>").append(markdown(keyword.getValue()))
                    .append("</dd>");
        }
        html.append("</dl>");
        for (ParameterCatalog.Section section : ParameterCatalog.Section.values()) {
            html.append("<h2 id=\"").append(anchor(section)).append("\">Parameters of each ").append(escape(section.noun()))
                    .append("</h2>");
            for (ParameterCatalog.Kind kind : ParameterCatalog.kinds(section)) {
                html.append("<h3 id=\"").append(anchor(section)).append('-').append(escape(kind.name())).append("\"><code>")
                        .append(escape(kind.name())).append("</code></h3><p>").append(markdown(kind.doc())).append("</p>");
                if (kind.parameters().isEmpty()) {
                    html.append("<p>No parameters.</p>");
                    continue;
                }
                html.append("<table><tr><th>parameter</th><th>meaning</th><th>value</th><th>default</th></tr>");
                for (ParameterCatalog.Parameter parameter : kind.parameters()) {
                    String range = parameter.describeRange();
                    html.append("<tr><td><code>").append(escape(parameter.name())).append("</code>")
                            .append(parameter.unit().isEmpty() ? "" : " (" + escape(parameter.unit()) + ")")
                            .append("</td><td>").append(markdown(parameter.doc())).append("</td><td>")
                            .append(escape(parameter.describeType())).append(range.isEmpty() ? "" : ", " + escape(range))
                            .append("</td><td>").append(markdown(parameter.describeDefault())).append("</td></tr>");
                }
                html.append("</table>");
            }
        }
        return html.append("</body></html>\n").toString();
    }

    private static String anchor(ParameterCatalog.Section section) {
        return section.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The documentation's Markdown subset: {@code **bold**} and {@code `code`}. */
    static String markdown(String text) {
        String escaped = escape(text);
        Matcher bold = BOLD.matcher(escaped);
        escaped = bold.replaceAll("<b>$1</b>");
        return CODE.matcher(escaped).replaceAll("<code>$1</code>");
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
