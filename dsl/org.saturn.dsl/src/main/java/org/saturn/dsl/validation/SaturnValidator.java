package org.saturn.dsl.validation;

import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.ComposedChecks;
import org.saturn.dsl.saturn.Element;
import org.saturn.dsl.saturn.Import;
import org.saturn.dsl.saturn.SaturnPackage;
import org.saturn.dsl.saturn.Spec;
import org.saturn.dsl.scoping.SaturnImportResolver;

/**
 * Checks a researcher would want before a single run starts, one validator per concern. Each
 * message names the offending element and says what to do; its range is the offending name,
 * value or line. Issue codes are in {@link IssueCodes}.
 */
@ComposedChecks(validators = { LanguageValidator.class, PromptValidator.class, ModelValidator.class,
        ProtocolValidator.class, StudyValidator.class })
public class SaturnValidator extends AbstractSaturnValidator {

    private static final SaturnPackage SATURN = SaturnPackage.eINSTANCE;

    @Check
    public void namesAreDistinct(Spec spec) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Element element : spec.getElements()) {
            if (element.getName() != null && !seen.add(element.getName())) {
                error("'" + element.getName() + "' is defined twice in this file", element, SATURN.getElement_Name(),
                        IssueCodes.DUPLICATE_NAME);
            }
        }
    }

    @Check
    public void importsResolve(Import anImport) {
        if (SaturnImportResolver.resolve(anImport.eResource(), anImport.getImportURI()) == null) {
            error("Cannot find '" + anImport.getImportURI() + "' next to this file nor in Saturn's library",
                    anImport, SATURN.getImport_ImportURI(), IssueCodes.UNRESOLVED_IMPORT);
        }
    }
}
