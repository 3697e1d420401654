package org.saturn.dsl.validation;

import java.util.Optional;

import org.eclipse.xtext.validation.Check;
import org.saturn.dsl.saturn.FineTuning;
import org.saturn.dsl.saturn.Model;
import org.saturn.dsl.saturn.Parameter;
import org.saturn.dsl.semantics.ParameterCatalog;
import org.saturn.dsl.semantics.ParameterCatalog.Kind;
import org.saturn.dsl.semantics.ParameterCatalog.Section;

/** Models and fine-tuning stages: known kinds, parameters the engine trains with, consistent shapes. */
public class ModelValidator extends SaturnChecks {

    @Check
    public void modelIsWellFormed(Model model) {
        Optional<Kind> kind = ParameterCatalog.kind(Section.MODEL, model.getKind());
        if (kind.isEmpty()) {
            error("Unknown model kind '" + model.getKind() + "': choose "
                    + String.join(", ", ParameterCatalog.kindNames(Section.MODEL)), model, SATURN.getModel_Kind(),
                    IssueCodes.UNKNOWN_KIND);
            return;
        }
        checkParameters(kind.get(), model.getParameters());
        if (kind.get().name().equals("transformer") || kind.get().name().equals("xlstm")) {
            Parameter dModel = find(model.getParameters(), "dModel");
            Parameter heads = find(model.getParameters(), "heads");
            long width = wholeValue(dModel, kind.get(), "dModel");
            long headCount = wholeValue(heads, kind.get(), "heads");
            if (headCount > 0 && width % headCount != 0) {
                Parameter culprit = heads != null ? heads : dModel;
                error("dModel " + width + " is not divisible by " + headCount + " heads: each head gets dModel / heads "
                        + "dimensions", culprit != null ? culprit : model, culprit != null ? null
                                : SATURN.getElement_Name(), IssueCodes.HEADS_DO_NOT_DIVIDE);
            }
        }
    }

    @Check
    public void fineTuningIsWellFormed(FineTuning finetuning) {
        checkParameters(ParameterCatalog.finetuning(), finetuning.getParameters());
    }

    private static long wholeValue(Parameter written, Kind kind, String name) {
        if (written != null) {
            double value = firstNumber(written);
            return value == Math.rint(value) ? (long) value : -1;
        }
        Object fallback = kind.parameter(name).map(ParameterCatalog.Parameter::defaultValue).orElse(null);
        return fallback instanceof Long value ? value : -1;
    }
}
