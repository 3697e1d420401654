package org.saturn.dsl.compiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.saturn.dsl.SaturnStandaloneSetup;
import org.saturn.dsl.saturn.Spec;

import com.google.inject.Injector;

/**
 * Loads spec files as the command line sees them (one resource set, imports resolved) and reports
 * every syntax, linking and validation problem. Never throws for a bad spec: a file that cannot
 * be read or checked becomes a diagnostic.
 */
public final class SpecChecker {

    /** The outcome for one file: its model (null when unreadable) and its diagnostics, in order. */
    public record Result(Path path, Spec spec, List<SpecDiagnostic> diagnostics) {
        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(d -> d.severity() == SpecDiagnostic.Severity.ERROR);
        }
    }

    private final Injector injector;
    private final XtextResourceSet resourceSet;

    public SpecChecker() {
        this(new SaturnStandaloneSetup().createInjectorAndDoEMFRegistration());
    }

    public SpecChecker(Injector injector) {
        this.injector = injector;
        this.resourceSet = injector.getInstance(XtextResourceSet.class);
    }

    public Injector injector() {
        return injector;
    }

    /** Parses and links the file without validating it. */
    public Spec load(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException(Files.exists(path) ? path + " is not a file" : path + ": no such file");
        }
        URI uri = URI.createFileURI(path.toAbsolutePath().normalize().toString());
        Resource resource = resourceSet.getResource(uri, true);
        return resource.getContents().isEmpty() ? null : (Spec) resource.getContents().get(0);
    }

    public Result check(Path path) {
        Spec spec;
        try {
            spec = load(path);
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof IOException ? e.getMessage() : "cannot read " + path + ": " + e.getMessage();
            return new Result(path, null, List.of(new SpecDiagnostic(path.toString(), 1, 1, 0, 0,
                    SpecDiagnostic.Severity.ERROR, reason)));
        }
        return new Result(path, spec, validate((XtextResource) spec.eResource(), path.toString()));
    }

    /** Checks text as if it were the file at {@code path} (editors, tests). */
    public Result check(Path path, String text) {
        URI uri = URI.createFileURI(path.toAbsolutePath().normalize().toString());
        Resource existing = resourceSet.getResource(uri, false);
        if (existing != null) {
            existing.unload();
            resourceSet.getResources().remove(existing);
        }
        XtextResource resource = (XtextResource) resourceSet.createResource(uri);
        try {
            resource.load(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    resourceSet.getLoadOptions());
        } catch (IOException e) {
            return new Result(path, null, List.of(new SpecDiagnostic(path.toString(), 1, 1, 0, 0,
                    SpecDiagnostic.Severity.ERROR, e.getMessage())));
        }
        Spec spec = resource.getContents().isEmpty() ? null : (Spec) resource.getContents().get(0);
        return new Result(path, spec, validate(resource, path.toString()));
    }

    private List<SpecDiagnostic> validate(XtextResource resource, String path) {
        IResourceValidator validator = resource.getResourceServiceProvider().getResourceValidator();
        List<Issue> issues;
        try {
            issues = validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
        } catch (RuntimeException e) {
            return List.of(new SpecDiagnostic(path, 1, 1, 0, 0, SpecDiagnostic.Severity.ERROR,
                    "internal error while checking this file: " + e));
        }
        List<SpecDiagnostic> diagnostics = new ArrayList<>();
        for (Issue issue : issues) {
            diagnostics.add(new SpecDiagnostic(path, Math.max(1, value(issue.getLineNumber())),
                    Math.max(1, value(issue.getColumn())), Math.max(0, value(issue.getOffset())),
                    Math.max(0, value(issue.getLength())), severity(issue.getSeverity()), issue.getMessage()));
        }
        diagnostics.sort(Comparator.comparingInt(SpecDiagnostic::line).thenComparingInt(SpecDiagnostic::column));
        return diagnostics;
    }

    private static int value(Integer number) {
        return number == null ? 1 : number;
    }

    private static SpecDiagnostic.Severity severity(Severity severity) {
        return switch (severity) {
            case ERROR -> SpecDiagnostic.Severity.ERROR;
            case WARNING -> SpecDiagnostic.Severity.WARNING;
            default -> SpecDiagnostic.Severity.INFO;
        };
    }
}
