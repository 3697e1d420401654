package org.saturn.dsl.ide.symbols;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolMapper.DocumentSymbolKindProvider;
import org.saturn.dsl.saturn.SaturnPackage;

/** Outline icons: what each named element of a spec is, in LSP symbol kinds. */
public class SaturnDocumentSymbolKindProvider extends DocumentSymbolKindProvider {

    private static final SaturnPackage SATURN = SaturnPackage.eINSTANCE;

    @Override
    protected SymbolKind getSymbolKind(EClass type) {
        if (type == SATURN.getLanguage() || type == SATURN.getMixture()) {
            return SymbolKind.Class;
        }
        if (type == SATURN.getSymbol()) {
            return SymbolKind.EnumMember;
        }
        if (type == SATURN.getRule()) {
            return SymbolKind.Function;
        }
        if (type == SATURN.getVariable() || type == SATURN.getProduction()) {
            return SymbolKind.Variable;
        }
        if (type == SATURN.getPromptSet()) {
            return SymbolKind.Array;
        }
        if (type == SATURN.getModel()) {
            return SymbolKind.Object;
        }
        if (type == SATURN.getProtocol() || type == SATURN.getFineTuning()) {
            return SymbolKind.Module;
        }
        if (type == SATURN.getStudy()) {
            return SymbolKind.Namespace;
        }
        return super.getSymbolKind(type);
    }
}
