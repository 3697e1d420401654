package org.saturn.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.saturn.dsl.semantics.KeywordDocumentation;
import org.saturn.dsl.semantics.LanguageReference;
import org.saturn.dsl.semantics.ParameterCatalog;

/** The Help's language reference lists every documented keyword and every catalogued parameter. */
class LanguageReferenceTest {

    @Test
    void everyKeywordAndEveryParameterIsInTheReference() {
        String html = LanguageReference.html();
        KeywordDocumentation.all().keySet().forEach(keyword -> assertThat(html).contains("<dt id=\"kw-" + keyword + "\">"));
        for (ParameterCatalog.Section section : ParameterCatalog.Section.values()) {
            for (ParameterCatalog.Kind kind : ParameterCatalog.kinds(section)) {
                assertThat(html).contains("<code>" + kind.name() + "</code></h3>");
                kind.parameters().forEach(p -> assertThat(html).contains("<tr><td><code>" + p.name() + "</code>"));
            }
        }
        assertThat(html).contains("<code>").doesNotContain("**", "`"); // the Markdown is HTML
    }
}
