package org.saturn.ui.help;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.Platform;
import org.eclipse.help.HelpSystem;
import org.eclipse.help.IToc;
import org.eclipse.help.ITopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.saturn.ui.tests.NoErrorsLoggedExtension;

/** Help > Help Contents has Saturn's book, and every topic of it is a page in the help bundle. */
@ExtendWith(NoErrorsLoggedExtension.class)
class HelpTocUITest {

    private static final String BUNDLE = "org.saturn.help";

    @Test
    void theTableOfContentsResolvesToPages() throws Exception {
        IToc saturn = Arrays.stream(HelpSystem.getTocs()).filter(toc -> "Saturn".equals(toc.getLabel())).findFirst()
                .orElseThrow(() -> new AssertionError("no Saturn book among " + Arrays.toString(HelpSystem.getTocs())));
        List<String> labels = new ArrayList<>();
        List<ITopic> topics = new ArrayList<>();
        collect(saturn.getTopics(), topics);
        topics.forEach(topic -> labels.add(topic.getLabel()));
        assertTrue(labels.containsAll(List.of("Getting started", "Your first study", "Language reference", "Case studies")),
                "topics: " + labels);
        Bundle bundle = Platform.getBundle(BUNDLE);
        assertNotNull(bundle, "the help bundle is installed");
        for (ITopic topic : topics) {
            String href = topic.getHref();
            String prefix = "/" + BUNDLE + "/";
            assertTrue(href.startsWith(prefix), topic.getLabel() + ": " + href);
            String path = href.substring(prefix.length()).replaceFirst("#.*", "");
            assertNotNull(bundle.getEntry(path), topic.getLabel() + " resolves to a page: " + path);
        }
        String reference = read(bundle.getEntry("html/reference/language.html"));
        // generated at build time from the keyword documentation and the parameter catalogue
        assertTrue(reference.contains("<code>alphabet</code>"), "keywords");
        assertTrue(reference.contains("Parameters of each model kind") && reference.contains("<code>dModel</code>"),
                "the catalogue's model parameters");
        assertEquals(1, reference.split("<h1>", -1).length - 1);
        assertNotNull(bundle.getEntry("cheatsheets/first-study.xml"), "the first-study cheat sheet");
    }

    private static void collect(ITopic[] topics, List<ITopic> into) {
        for (ITopic topic : topics) {
            into.add(topic);
            collect(topic.getSubtopics(), into);
        }
    }

    private static String read(URL url) throws Exception {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
