package org.saturn.ui.editor;

import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;

/** Ctrl+Space in a .saturn file: keywords, names in scope and parameter names, from Xtext's IDE services. */
public final class SaturnContentAssistProcessor implements IContentAssistProcessor {

    @Override
    public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
        String text = viewer.getDocument().get();
        URI uri = SaturnReconcilingStrategy.uriOf(viewer.getDocument());
        return SaturnLanguage.complete(text, uri, offset).stream().map(entry -> proposal(entry, offset))
                .toArray(ICompletionProposal[]::new);
    }

    private static ICompletionProposal proposal(ContentAssistEntry entry, int offset) {
        String prefix = entry.getPrefix() == null ? "" : entry.getPrefix();
        String insert = entry.getProposal();
        String label = entry.getLabel() != null ? entry.getLabel() : insert;
        String display = entry.getDescription() != null ? label + " — " + entry.getDescription() : label;
        return new CompletionProposal(insert, offset - prefix.length(), prefix.length(), insert.length(), null, display,
                null, entry.getDocumentation());
    }

    @Override
    public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
        return null;
    }

    @Override
    public char[] getCompletionProposalAutoActivationCharacters() {
        return null;
    }

    @Override
    public char[] getContextInformationAutoActivationCharacters() {
        return null;
    }

    @Override
    public String getErrorMessage() {
        return null;
    }

    @Override
    public IContextInformationValidator getContextInformationValidator() {
        return null;
    }
}
