package org.saturn.dsl.scoping;

import java.util.Set;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.scoping.impl.ImportUriGlobalScopeProvider;
import org.eclipse.xtext.util.IAcceptor;

/** Names visible from a file: its own, plus those of the files it imports (see {@link SaturnImportResolver}). */
public class SaturnGlobalScopeProvider extends ImportUriGlobalScopeProvider {

    @Override
    protected IAcceptor<String> createURICollector(Resource resource, Set<URI> collectInto) {
        return importUri -> {
            URI resolved = SaturnImportResolver.resolve(resource, importUri);
            if (resolved != null) {
                collectInto.add(resolved);
            }
        };
    }
}
