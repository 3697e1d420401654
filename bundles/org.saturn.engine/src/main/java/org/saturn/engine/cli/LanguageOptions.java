package org.saturn.engine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.resource.Resource;
import org.saturn.core.lang.BuiltinLanguages;
import org.saturn.core.lang.Language;
import org.saturn.core.optimal.LossConvention;
import org.saturn.dsl.compiler.CoreLanguages;
import org.saturn.dsl.compiler.SpecChecker;
import org.saturn.dsl.compiler.SpecDiagnostic;
import org.saturn.dsl.scoping.SaturnImportResolver;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options that name a language and a loss convention ({@code optimal}, {@code witness}): a
 * built-in by name, or a language of a spec (defined in it or imported).
 */
final class LanguageOptions {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC", description = "a .saturn spec defining the language")
    Path specFile;

    @Option(names = "--language", paramLabel = "NAME",
            description = "the spec's language (needed when the spec defines several)")
    String languageName;

    @Option(names = "--builtin", paramLabel = "NAME",
            description = "built-in language: anbn, anbncn, baN, bbaN, dyck, csdyck, abN, aNbM, anbnan")
    String builtin;

    @Option(names = "--max-length", paramLabel = "L",
            description = "maximum word length (required with --builtin; default for a spec: the language's own)")
    Integer maxLength;

    @Option(names = "--convention", defaultValue = "pad", paramLabel = "pad|nopad",
            description = "pad: PAD targets included over max length + 1 positions (the papers'); nopad: real targets only "
                    + "(default: ${DEFAULT-VALUE})")
    String convention;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    LossConvention lossConvention() {
        return LossConvention.parse(convention);
    }

    /** The chosen language; every wrong combination is one message. */
    Language language() {
        if ((builtin == null) == (specFile == null)) {
            throw new IllegalArgumentException("name a language: either --builtin NAME --max-length L, or SPEC [--language NAME]");
        }
        if (builtin != null) {
            if (maxLength == null) {
                throw new IllegalArgumentException("--builtin needs --max-length L");
            }
            return BuiltinLanguages.create(builtin, maxLength);
        }
        org.saturn.dsl.saturn.Language source = specLanguage();
        return maxLength == null ? CoreLanguages.toCore(source) : CoreLanguages.toCore(source, maxLength);
    }

    /** The prompt length of the witness' exhaustive prompt set: the built-in's, or {@code fallback} for a spec. */
    int promptLength(int fallback) {
        return builtin != null ? BuiltinLanguages.get(builtin).promptLength() : fallback;
    }

    /**
     * The spec's mixture of that name in core, its tasks at --max-length (default: their longest
     * maxLength), with room for {@code maxExamples} in-context examples and the answer.
     */
    Language mixture(String name, int maxExamples) {
        if (specFile == null || builtin != null) {
            throw new IllegalArgumentException("--mixture NAME needs a SPEC that defines the mixture (not --builtin)");
        }
        org.saturn.dsl.saturn.Spec spec = checkedSpec("mixture");
        org.saturn.dsl.saturn.Mixture mixture = spec.getElements().stream()
                .filter(org.saturn.dsl.saturn.Mixture.class::isInstance).map(org.saturn.dsl.saturn.Mixture.class::cast)
                .filter(m -> name.equals(m.getName())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no mixture named " + name + " in " + specFile));
        int taskLength = maxLength != null ? maxLength
                : org.saturn.dsl.semantics.Sources.languages(mixture).stream().mapToInt(CoreLanguages::maxLength).max()
                        .orElse(CoreLanguages.DEFAULT_MAX_LENGTH);
        var generator = org.saturn.dsl.compiler.CoreMixtures.generator(mixture, taskLength);
        return org.saturn.core.lang.mixture.Mixtures.language(mixture.getName(), generator,
                org.saturn.core.prompts.InContextPrompts.sequenceLength(generator, maxExamples));
    }

    /** The spec, checked without errors; {@code what} names what it should define, for the message on an empty file. */
    private org.saturn.dsl.saturn.Spec checkedSpec(String what) {
        if (!Files.isRegularFile(specFile)) {
            throw new IllegalArgumentException("no such spec: " + specFile);
        }
        SpecChecker.Result result = SpecSupport.checker().check(specFile);
        if (result.hasErrors()) {
            StringBuilder message = new StringBuilder();
            result.diagnostics().stream().filter(d -> d.severity() == SpecDiagnostic.Severity.ERROR)
                    .forEach(d -> message.append(d).append('\n'));
            throw new IllegalArgumentException(message.toString() + specFile + " has errors; fix them first (saturn check " + specFile + ")");
        }
        if (result.spec() == null) {
            throw new IllegalArgumentException(specFile + " defines no " + what + " (the file is empty)");
        }
        return result.spec();
    }

    private org.saturn.dsl.saturn.Language specLanguage() {
        org.saturn.dsl.saturn.Spec spec = checkedSpec("language");
        List<org.saturn.dsl.saturn.Language> own = languagesOf(spec);
        List<org.saturn.dsl.saturn.Language> visible = new ArrayList<>();
        collectVisible(spec.eResource(), new java.util.HashSet<>(), visible);
        if (languageName != null) {
            return visible.stream().filter(l -> languageName.equals(l.getName())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no language named " + languageName + " in " + specFile
                            + " or its imports (languages: " + String.join(", ", visible.stream().map(l -> l.getName()).toList()) + ")"));
        }
        if (own.size() != 1) {
            throw new IllegalArgumentException(specFile + (own.isEmpty() ? " defines no language" : " defines several languages")
                    + "; name one with --language NAME (languages: "
                    + String.join(", ", visible.stream().map(l -> l.getName()).toList()) + ")");
        }
        return own.get(0);
    }

    /** The languages of a file and, transitively, of every file it imports (as the scope provider resolves them). */
    private static void collectVisible(Resource resource, java.util.Set<org.eclipse.emf.common.util.URI> seen,
            List<org.saturn.dsl.saturn.Language> into) {
        if (resource == null || !seen.add(resource.getURI()) || resource.getContents().isEmpty()
                || !(resource.getContents().get(0) instanceof org.saturn.dsl.saturn.Spec spec)) {
            return;
        }
        into.addAll(languagesOf(spec));
        for (org.saturn.dsl.saturn.Import imported : spec.getImports()) {
            org.eclipse.emf.common.util.URI uri = SaturnImportResolver.resolve(resource, imported.getImportURI());
            if (uri != null) {
                collectVisible(resource.getResourceSet().getResource(uri, true), seen, into);
            }
        }
    }

    private static List<org.saturn.dsl.saturn.Language> languagesOf(org.saturn.dsl.saturn.Spec spec) {
        return spec.getElements().stream().filter(org.saturn.dsl.saturn.Language.class::isInstance)
                .map(org.saturn.dsl.saturn.Language.class::cast).toList();
    }
}
