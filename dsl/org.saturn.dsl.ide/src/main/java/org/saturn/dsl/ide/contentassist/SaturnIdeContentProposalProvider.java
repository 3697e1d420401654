package org.saturn.dsl.ide.contentassist;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.saturn.dsl.saturn.DecodingSetting;
import org.saturn.dsl.saturn.FineTuning;
import org.saturn.dsl.saturn.Model;
import org.saturn.dsl.saturn.OptimizerSetting;
import org.saturn.dsl.saturn.Parameter;
import org.saturn.dsl.saturn.ProcessGenerator;
import org.saturn.dsl.saturn.ScheduleSetting;
import org.saturn.dsl.semantics.ParameterCatalog;
import org.saturn.dsl.semantics.ParameterCatalog.Kind;
import org.saturn.dsl.semantics.ParameterCatalog.Section;
import org.saturn.dsl.validation.StudyValidator;

/**
 * Beyond keywords and names in scope (Xtext's defaults): the kinds of models, optimizers,
 * schedules, decoding modes and processes, the parameters of the kind at hand (those not yet set),
 * and the metric quantities, each with its documentation.
 */
public class SaturnIdeContentProposalProvider extends IdeContentProposalProvider {

    private static final Map<String, Section> KIND_RULES = Map.of("Model", Section.MODEL, "OptimizerSetting",
            Section.OPTIMIZER, "ScheduleSetting", Section.SCHEDULE, "DecodingSetting", Section.DECODING,
            "ProcessGenerator", Section.PROCESS);

    @Override
    protected void _createProposals(Assignment assignment, ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor) {
        String rule = GrammarUtil.containingParserRule(assignment).getName();
        String feature = assignment.getFeature();
        if ("name".equals(feature) && (rule.equals("Parameter") || rule.equals("InlineParameter"))) {
            parameterOwner(context).ifPresent(owner -> proposeParameters(owner, context, acceptor));
            return;
        }
        Section section = KIND_RULES.get(rule);
        if (section != null && ("kind".equals(feature) || "process".equals(feature))) {
            for (Kind kind : ParameterCatalog.kinds(section)) {
                propose(kind.name(), kind.doc(), ContentAssistEntry.KIND_ENUM, context, acceptor);
            }
            return;
        }
        if (rule.equals("Metric") && "quantity".equals(feature)) {
            StudyValidator.METRICS.forEach((quantity, perRule) -> propose(quantity,
                    perRule ? "measured per rule: " + quantity + " of R1" : "metric", ContentAssistEntry.KIND_VALUE,
                    context, acceptor));
            return;
        }
        super._createProposals(assignment, context, acceptor);
    }

    private void proposeParameters(EObject owner, ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
        Optional<Kind> kind = ParameterCatalog.kindOf(owner);
        if (kind.isEmpty()) {
            return;
        }
        Set<String> written = parameters(owner).stream().map(Parameter::getName).collect(Collectors.toSet());
        for (ParameterCatalog.Parameter parameter : kind.get().parameters()) {
            if (!written.contains(parameter.name())) {
                propose(parameter.name(), parameter.describeType() + ", default " + parameter.describeDefault(),
                        ContentAssistEntry.KIND_PROPERTY, context, acceptor);
            }
        }
    }

    private void propose(String text, String description, String kind, ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor) {
        ContentAssistEntry entry = getProposalCreator().createProposal(text, context, e -> {
            e.setKind(kind);
            e.setDescription(description);
        });
        if (entry != null) {
            acceptor.accept(entry, getProposalPriorities().getDefaultPriority(entry) + 100);
        }
    }

    /** The element whose parameters are being written, found from the current or the previous model. */
    private static Optional<EObject> parameterOwner(ContentAssistContext context) {
        for (EObject candidate : new EObject[] { context.getCurrentModel(), context.getPreviousModel() }) {
            EObject owner = EcoreUtil2.getContainerOfType(candidate, Model.class);
            for (Class<? extends EObject> type : List.of(FineTuning.class, OptimizerSetting.class,
                    ScheduleSetting.class, DecodingSetting.class, ProcessGenerator.class)) {
                if (owner == null) {
                    owner = EcoreUtil2.getContainerOfType(candidate, type);
                }
            }
            if (owner != null) {
                return Optional.of(owner);
            }
        }
        return Optional.empty();
    }

    private static List<Parameter> parameters(EObject owner) {
        return EcoreUtil2.eAllOfType(owner, Parameter.class);
    }
}
