package org.saturn.ui.wizards;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The starting points the "New Saturn Experiment" wizard offers: the reduced case studies of
 * examples/ (copies under templates/ of this bundle; a UI test keeps them equal).
 */
public enum ExperimentTemplate {

    CASE_STUDY_1("Case Study 1: rule extrapolation on aⁿbⁿ", "case-study-1.saturn"),
    CASE_STUDY_2("Case Study 2: in-context learning of a language mixture", "case-study-2.saturn"),
    CASE_STUDY_3("Case Study 3: pre-train on aⁿbⁿ, fine-tune on aⁿbⁿaⁿ", "case-study-3.saturn");

    private final String title;
    private final String fileName;

    ExperimentTemplate(String title, String fileName) {
        this.title = title;
        this.fileName = fileName;
    }

    public String title() {
        return title;
    }

    /** The template's path inside this bundle. */
    public String bundlePath() {
        return "templates/" + fileName;
    }

    public String text() {
        URL url = ExperimentTemplate.class.getClassLoader().getResource(bundlePath());
        if (url == null) {
            throw new IllegalStateException("template missing from the bundle: " + bundlePath());
        }
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The template's opening comment, without the slashes: what the wizard shows as its description. */
    public String description() {
        StringBuilder text = new StringBuilder();
        for (String line : text().lines().toList()) {
            if (!line.startsWith("//")) {
                break;
            }
            text.append(text.length() == 0 ? "" : " ").append(line.substring(2).trim());
        }
        return text.toString();
    }

    /**
     * The templates the wizard offers: every case study (each one's study trains).
     */
    public static List<ExperimentTemplate> all() {
        return List.of(CASE_STUDY_1, CASE_STUDY_2, CASE_STUDY_3);
    }
}
