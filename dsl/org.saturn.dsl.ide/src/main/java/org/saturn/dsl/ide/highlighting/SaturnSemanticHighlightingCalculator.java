package org.saturn.dsl.ide.highlighting;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.ide.editor.syntaxcoloring.DefaultSemanticHighlightingCalculator;
import org.eclipse.xtext.ide.editor.syntaxcoloring.IHighlightedPositionAcceptor;
import org.eclipse.xtext.util.CancelIndicator;
import org.saturn.dsl.saturn.DecodingSetting;
import org.saturn.dsl.saturn.Model;
import org.saturn.dsl.saturn.OptimizerSetting;
import org.saturn.dsl.saturn.Parameter;
import org.saturn.dsl.saturn.ProcessGenerator;
import org.saturn.dsl.saturn.SaturnPackage;
import org.saturn.dsl.saturn.ScheduleSetting;

/**
 * Colours names by what they denote, with the standard LSP semantic token types (so any LSP
 * client renders them): languages and mixtures as types, other top-level elements as classes,
 * symbols as enum members, rules as functions, variables and nonterminals as variables,
 * parameters as properties, kinds as enums.
 */
public class SaturnSemanticHighlightingCalculator extends DefaultSemanticHighlightingCalculator {

    public static final String TYPE = "type";
    public static final String CLASS = "class";
    public static final String ENUM_MEMBER = "enumMember";
    public static final String FUNCTION = "function";
    public static final String VARIABLE = "variable";
    public static final String PROPERTY = "property";
    public static final String ENUM = "enum";

    private static final SaturnPackage SATURN = SaturnPackage.eINSTANCE;

    @Override
    protected boolean highlightElement(EObject object, IHighlightedPositionAcceptor acceptor, CancelIndicator cancel) {
        String declared = style(object.eClass());
        if (declared != null && object.eClass().getEAllStructuralFeatures().contains(SATURN.getElement_Name())) {
            highlightFeature(acceptor, object, SATURN.getElement_Name(), declared);
        } else if (declared != null && object.eClass().getEStructuralFeature("name") != null) {
            highlightFeature(acceptor, object, object.eClass().getEStructuralFeature("name"), declared);
        }
        for (EReference reference : object.eClass().getEAllReferences()) {
            if (!reference.isContainment() && !reference.isContainer()) {
                String style = style(reference.getEReferenceType());
                if (style != null) {
                    highlightFeature(acceptor, object, reference, style);
                }
            }
        }
        if (object instanceof Parameter) {
            highlightFeature(acceptor, object, SATURN.getParameter_Name(), PROPERTY);
        } else if (object instanceof Model) {
            highlightFeature(acceptor, object, SATURN.getModel_Kind(), ENUM);
        } else if (object instanceof OptimizerSetting) {
            highlightFeature(acceptor, object, SATURN.getOptimizerSetting_Kind(), ENUM);
        } else if (object instanceof ScheduleSetting) {
            highlightFeature(acceptor, object, SATURN.getScheduleSetting_Kind(), ENUM);
        } else if (object instanceof DecodingSetting) {
            highlightFeature(acceptor, object, SATURN.getDecodingSetting_Kind(), ENUM);
        } else if (object instanceof ProcessGenerator) {
            highlightFeature(acceptor, object, SATURN.getProcessGenerator_Process(), ENUM);
        }
        return false;
    }

    private static String style(EClass type) {
        if (SATURN.getSource().isSuperTypeOf(type)) {
            return TYPE;
        }
        if (SATURN.getElement().isSuperTypeOf(type)) {
            return CLASS;
        }
        if (type == SATURN.getSymbol() || type == SATURN.getGrammarSymbol()) {
            return ENUM_MEMBER;
        }
        if (type == SATURN.getRule()) {
            return FUNCTION;
        }
        if (type == SATURN.getVariable() || type == SATURN.getProduction()) {
            return VARIABLE;
        }
        return null;
    }
}
