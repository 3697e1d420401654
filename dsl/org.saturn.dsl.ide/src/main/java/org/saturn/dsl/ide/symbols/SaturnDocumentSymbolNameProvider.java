package org.saturn.dsl.ide.symbols;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolMapper.DocumentSymbolNameProvider;
import org.eclipse.xtext.util.SimpleAttributeResolver;

/** The outline shows names as written ({@code R1}), not qualified ({@code AnBn.R1}): nesting says the rest. */
public class SaturnDocumentSymbolNameProvider extends DocumentSymbolNameProvider {

    @Override
    public String getName(EObject element) {
        String name = SimpleAttributeResolver.NAME_RESOLVER.apply(element);
        return name != null ? name : super.getName(element);
    }
}
