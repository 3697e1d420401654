package org.saturn.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.saturn.dsl.compiler.SpecChecker;
import org.saturn.dsl.compiler.SpecDiagnostic;

/**
 * A 500-line spec validates without errors. Prints how long the editor-facing validation takes
 * (parse, link, validate; measured, not asserted: timings depend on the machine).
 */
class LargeSpecTest {

    static String largeSpec(int lines) {
        StringBuilder spec = new StringBuilder("import \"stdlib.saturn\"\n");
        int i = 0;
        while (spec.chars().filter(c -> c == '\n').count() < lines) {
            spec.append("""
                    language L%1$d {
                      alphabet a b c
                      maxLength 24
                      rule R1 "#a = #b" : count(a) == count(b)
                      rule R2 : a* b* c*
                      generate a^n b^n c^m with n in 1..8, m ~ uniform(0..4)
                    }
                    prompts P%1$d for L%1$d { all words of length 4 over a b c }
                    model M%1$d transformer { layers 2 dModel 16 heads 2 }
                    protocol Pr%1$d { steps 1000 evaluate every 100 steps }
                    study S%1$d on L%1$d with P%1$d using Pr%1$d {
                      models M%1$d
                      seeds 1..3
                      vary optimizer.lr over 1e-3, 2e-3
                      metric accuracy of R1 on ood summary max maximize
                    }
                    """.formatted(i++));
        }
        return spec.toString();
    }

    @Test
    void aFiveHundredLineSpecValidates() throws Exception {
        String text = largeSpec(500);
        SpecChecker checker = new SpecChecker();
        assertThat(checker.check(Path.of("../../examples/large.saturn"), text).diagnostics())
                .filteredOn(d -> d.severity() == SpecDiagnostic.Severity.ERROR).isEmpty();

        // what an editor pays per keystroke, once the JIT has warmed up: parse, link, validate
        XtextResourceSet resourceSet = checker.injector().getInstance(XtextResourceSet.class);
        for (int round = 1; round <= 3; round++) {
            XtextResource resource = (XtextResource) resourceSet.createResource(URI.createFileURI(
                    Path.of("../../examples/large-" + round + ".saturn").toAbsolutePath().toString()));
            long start = System.nanoTime();
            resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null);
            long parsed = System.nanoTime();
            EcoreUtil.resolveAll(resource);
            long linked = System.nanoTime();
            List<Issue> issues = resource.getResourceServiceProvider().getResourceValidator().validate(resource,
                    CheckMode.ALL, CancelIndicator.NullImpl);
            long validated = System.nanoTime();
            assertThat(issues).filteredOn(i -> i.getSeverity() == Severity.ERROR).isEmpty();
            System.out.printf("%d-line spec, round %d: parse %d ms, link %d ms, validate %d ms%n",
                    text.lines().count(), round, (parsed - start) / 1_000_000, (linked - parsed) / 1_000_000,
                    (validated - linked) / 1_000_000);
        }
    }
}
