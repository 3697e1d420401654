package org.saturn.dsl.ide;

import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.ide.server.hover.IHoverService;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolMapper.DocumentSymbolKindProvider;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolMapper.DocumentSymbolNameProvider;
import org.saturn.dsl.ide.contentassist.SaturnIdeContentProposalProvider;
import org.saturn.dsl.ide.highlighting.SaturnSemanticHighlightingCalculator;
import org.saturn.dsl.ide.hover.SaturnHoverService;
import org.saturn.dsl.ide.symbols.SaturnDocumentSymbolKindProvider;
import org.saturn.dsl.ide.symbols.SaturnDocumentSymbolNameProvider;

/** IDE services of the Saturn language (editors and the language server). */
public class SaturnIdeModule extends AbstractSaturnIdeModule {

    public Class<? extends IdeContentProposalProvider> bindIdeContentProposalProvider() {
        return SaturnIdeContentProposalProvider.class;
    }

    public Class<? extends ISemanticHighlightingCalculator> bindISemanticHighlightingCalculator() {
        return SaturnSemanticHighlightingCalculator.class;
    }

    public Class<? extends IHoverService> bindIHoverService() {
        return SaturnHoverService.class;
    }

    public Class<? extends DocumentSymbolKindProvider> bindDocumentSymbolKindProvider() {
        return SaturnDocumentSymbolKindProvider.class;
    }

    public Class<? extends DocumentSymbolNameProvider> bindDocumentSymbolNameProvider() {
        return SaturnDocumentSymbolNameProvider.class;
    }
}
