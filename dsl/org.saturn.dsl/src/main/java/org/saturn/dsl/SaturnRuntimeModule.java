package org.saturn.dsl;

import org.eclipse.xtext.conversion.IValueConverterService;
import org.eclipse.xtext.linking.ILinkingDiagnosticMessageProvider;
import org.eclipse.xtext.scoping.IGlobalScopeProvider;
import org.saturn.dsl.conversion.SaturnValueConverterService;
import org.saturn.dsl.scoping.SaturnGlobalScopeProvider;
import org.saturn.dsl.scoping.SaturnLinkingDiagnosticMessageProvider;

/** Run-time services of the Saturn language (used with and without OSGi). */
public class SaturnRuntimeModule extends AbstractSaturnRuntimeModule {

    @Override
    public Class<? extends IValueConverterService> bindIValueConverterService() {
        return SaturnValueConverterService.class;
    }

    @Override
    public Class<? extends IGlobalScopeProvider> bindIGlobalScopeProvider() {
        return SaturnGlobalScopeProvider.class;
    }

    /** EMF's generic structural checks add nothing to ours and cost a third of validation time. */
    public void configureUseEObjectValidator(com.google.inject.Binder binder) {
        binder.bind(Boolean.class).annotatedWith(com.google.inject.name.Names.named(
                org.eclipse.xtext.validation.CompositeEValidator.USE_EOBJECT_VALIDATOR)).toInstance(false);
    }

    public Class<? extends ILinkingDiagnosticMessageProvider> bindILinkingDiagnosticMessageProvider() {
        return SaturnLinkingDiagnosticMessageProvider.class;
    }
}
