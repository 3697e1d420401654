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
        if (!Files.isRegularFile(path)) {
            return failed(path, Files.exists(path) ? path + " is not a file" : path + ": no such file");
        }
        if (!Files.isReadable(path)) {
            return failed(path, path + ": cannot be read (permission denied)");
        }
        URI uri = URI.createFileURI(path.toAbsolutePath().normalize().toString());
        XtextResource resource;
        try {
            resource = (XtextResource) resourceSet.getResource(uri, true);
        } catch (RuntimeException | StackOverflowError e) {
            Resource broken = resourceSet.getResource(uri, false);
            if (broken != null) {
                resourceSet.getResources().remove(broken);
            }
            return failed(path, unreadable(e));
        }
        return result(path, resource);
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
            return failed(path, "cannot read the file: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            resourceSet.getResources().remove(resource);
            return failed(path, unreadable(e));
        }
        return result(path, resource);
    }

    /** The model (null when nothing could be parsed, e.g. a binary file) and every problem of a loaded file. */
    private Result result(Path path, XtextResource resource) {
        Spec spec = resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Spec s) ? null : s;
        return new Result(path, spec, validate(resource, path.toString()));
    }

    private static Result failed(Path path, String reason) {
        return new Result(path, null, List.of(new SpecDiagnostic(path.toString(), 1, 1, 0, 0,
                SpecDiagnostic.Severity.ERROR, reason)));
    }

    /** Why a file could not be read, in words: the parser's recursion and I/O failures, never an exception's name. */
    private static String unreadable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StackOverflowError) {
                return "the spec nests too deeply to be read (parentheses or expressions nested thousands of levels "
                        + "deep); write it with less nesting";
            }
            if (cause instanceof IOException io && io.getMessage() != null) {
                return "cannot read the file: " + io.getMessage();
            }
        }
        return "cannot read the file: it is not a Saturn spec (" + (e.getMessage() == null ? "unreadable" : "unreadable text")
                + ")";
    }

    private List<SpecDiagnostic> validate(XtextResource resource, String path) {
        IResourceValidator validator = resource.getResourceServiceProvider().getResourceValidator();
        List<Issue> issues;
        try {
            issues = validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
        } catch (RuntimeException | StackOverflowError e) {
            return List.of(new SpecDiagnostic(path, 1, 1, 0, 0, SpecDiagnostic.Severity.ERROR,
                    e instanceof StackOverflowError || e.getCause() instanceof StackOverflowError ? unreadable(e)
                            : "this file could not be checked completely (an internal error of the checker)"));
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
