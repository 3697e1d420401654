package org.saturn.ui.editor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.IGrammarAccess;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.LazyStringInputStream;
import org.eclipse.xtext.util.TextRegion;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.saturn.dsl.ide.SaturnIdeSetup;

import com.google.inject.Injector;

/**
 * The Saturn language in-process: the Xtext runtime and the IDE-agnostic services of
 * {@code org.saturn.dsl.ide} (the same ones behind {@code saturn lsp}), for the Generic Editor.
 */
public final class SaturnLanguage {

    private static Injector injector;
    private static final ExecutorService CONTENT_ASSIST_POOL = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "Saturn content assist");
        thread.setDaemon(true);
        return thread;
    });

    private SaturnLanguage() {
    }

    public static synchronized Injector injector() {
        if (injector == null) {
            injector = new SaturnIdeSetup().createInjectorAndDoEMFRegistration();
        }
        return injector;
    }

    /** Parses {@code text} as the content of {@code uri} (imports resolve relative to it). */
    public static XtextResource parse(String text, URI uri) {
        XtextResourceSet resourceSet = injector().getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource) resourceSet.createResource(uri);
        try {
            resource.load(new LazyStringInputStream(text), resourceSet.getLoadOptions());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resource;
    }

    /** Syntax, linking and validation issues, in document order. */
    public static List<Issue> validate(XtextResource resource, CancelIndicator cancel) {
        return injector().getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL, cancel);
    }

    /** Completion entries at {@code offset}: keywords, names in scope, parameter names. */
    public static List<ContentAssistEntry> complete(String text, URI uri, int offset) {
        XtextResource resource = parse(text, uri);
        ContentAssistContextFactory factory = injector().getInstance(ContentAssistContextFactory.class);
        factory.setPool(CONTENT_ASSIST_POOL);
        ContentAssistContext[] contexts = factory.create(text, new TextRegion(offset, 0), offset, resource);
        List<ContentAssistEntry> entries = new ArrayList<>();
        injector().getInstance(IdeContentProposalProvider.class).createProposals(Arrays.asList(contexts),
                new IIdeContentProposalAcceptor() {
                    @Override
                    public void accept(ContentAssistEntry entry, int priority) {
                        if (entry != null && entries.stream().noneMatch(e -> e.getProposal().equals(entry.getProposal()))) {
                            entries.add(entry);
                        }
                    }

                    @Override
                    public boolean canAcceptMoreProposals() {
                        return entries.size() < 200;
                    }
                });
        return entries;
    }

    /** One change the formatter asks for, in the coordinates of the text it formatted. */
    public record Replacement(int offset, int length, String text) {
    }

    /**
     * The formatter's changes to the parsed text, in document order; empty when it has syntax
     * errors (the formatter would have to guess where tokens belong, so it must not run).
     */
    public static Optional<List<Replacement>> format(XtextResource resource) {
        if (resource.getParseResult() == null || resource.getParseResult().hasSyntaxErrors()) {
            return Optional.empty();
        }
        ITextRegionAccess access = injector().getInstance(TextRegionAccessBuilder.class).forNodeModel(resource)
                .create();
        FormatterRequest request = injector().getInstance(FormatterRequest.class);
        request.setTextRegionAccess(access);
        List<ITextReplacement> replacements = injector().getInstance(IFormatter2.class).format(request);
        return Optional.of(replacements.stream()
                .map(r -> new Replacement(r.getOffset(), r.getLength(), r.getReplacementText()))
                .sorted(java.util.Comparator.comparingInt(Replacement::offset)).toList());
    }

    public static Set<String> keywords() {
        return GrammarUtil.getAllKeywords(injector().getInstance(IGrammarAccess.class).getGrammar());
    }
}
