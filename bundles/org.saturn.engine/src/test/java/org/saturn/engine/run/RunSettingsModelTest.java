package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.saturn.core.plan.RunConfig;
import org.saturn.engine.model.ModelSpec;

/** RunSettings reads the model options into the ModelSpec; configs written before an option existed keep its old behaviour. */
class RunSettingsModelTest {

    private static Map<String, Object> config(String kind) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("model.kind", kind);
        parameters.put("model.layers", 2L);
        if (kind.equals("transformer")) {
            parameters.put("model.dModel", 8L);
            parameters.put("model.heads", 2L);
            parameters.put("model.ff", 16L);
            parameters.put("model.norm", "post");
            parameters.put("model.normEps", 6e-3);
            parameters.put("model.positions", "sinusoidal");
        } else {
            parameters.put("model.embedding", 4L);
            parameters.put("model.hidden", 8L);
        }
        parameters.put("model.dropout", 0.1);
        parameters.put("optimizer.kind", "sgd");
        parameters.put("optimizer.lr", 0.01);
        parameters.put("schedule.kind", "constant");
        parameters.put("schedule.warmup", 0L);
        parameters.put("training.batch", 4L);
        parameters.put("training.steps", 10L);
        parameters.put("evaluate.every", 5L);
        parameters.put("loss.pad", "included");
        parameters.put("regime", "maxLikelihood");
        parameters.put("earlyStopping.patience", 0L);
        parameters.put("saturation.withinPercent", 0.0);
        parameters.put("saturation.evaluations", 0L);
        parameters.put("decode.kind", "greedy");
        parameters.put("decode.budget", 8L);
        parameters.put("checkpoint.every", 5L);
        parameters.put("checkpoint.keep", "best");
        return parameters;
    }

    private static ModelSpec model(Map<String, Object> parameters) {
        return RunSettings.of(new RunConfig("S", "M", parameters)).model();
    }

    @Test
    void theMambaShapeReachesTheModelSpec() {
        Map<String, Object> parameters = config("mamba");
        parameters.remove("model.embedding");
        parameters.remove("model.hidden");
        parameters.remove("model.dropout");
        parameters.put("model.dModel", 32L);
        parameters.put("model.dState", 16L);
        parameters.put("model.dConv", 8L);
        parameters.put("model.expand", 2L);
        assertThat(model(parameters)).isEqualTo(ModelSpec.mamba(2, 32, 16, 8, 2));
        assertThat(model(parameters).deltaRank()).isEqualTo(2);
        parameters.remove("model.dState");
        assertThatThrownBy(() -> model(parameters)).hasMessageContaining("has no 'model.dState'");
    }

    @Test
    void theXlstmShapeReachesTheModelSpec() {
        Map<String, Object> parameters = config("xlstm");
        parameters.remove("model.embedding");
        parameters.remove("model.hidden");
        parameters.remove("model.dropout");
        parameters.put("model.dModel", 16L);
        parameters.put("model.heads", 4L);
        parameters.put("model.slstmEvery", 2L);
        assertThat(model(parameters)).isEqualTo(ModelSpec.xlstm(2, 16, 4, 2));
        assertThat(model(parameters).isSlstm(1)).isTrue();
        assertThat(model(parameters).isSlstm(0)).isFalse();
        parameters.remove("model.slstmEvery");
        assertThatThrownBy(() -> model(parameters)).hasMessageContaining("has no 'model.slstmEvery'");
    }

    @Test
    void theTransformerOptionsReachTheModelSpec() {
        Map<String, Object> parameters = config("transformer");
        parameters.put("model.positions", "none");
        parameters.put("model.activation", "relu");
        parameters.put("model.scaleEmbedding", false);
        parameters.put("model.keyPaddingMask", true);
        ModelSpec spec = model(parameters);
        assertThat(spec.keyPaddingMask()).isTrue();
        assertThat(spec.positions()).isEqualTo(ModelSpec.Positions.NONE);
        assertThat(spec.activation()).isEqualTo(ModelSpec.Activation.RELU);
        assertThat(spec.scaleEmbedding()).isFalse();
        assertThat(spec.norm()).isEqualTo(ModelSpec.Norm.POST);
    }

    @Test
    void aConfigWithoutTheNewKeysKeepsTheEarlierBehaviour() {
        ModelSpec spec = model(config("transformer"));
        assertThat(spec.activation()).isEqualTo(ModelSpec.Activation.GELU);
        assertThat(spec.scaleEmbedding()).isTrue();
        assertThat(spec.keyPaddingMask()).isFalse();
        assertThat(model(config("lstm")).lstmDropout()).isEqualTo(ModelSpec.LstmDropout.BETWEEN_LAYERS);
    }

    @Test
    void theLstmDropoutPlacementReachesTheModelSpec() {
        Map<String, Object> parameters = config("lstm");
        parameters.put("model.dropoutPlacement", "beforeOutput");
        assertThat(model(parameters).lstmDropout()).isEqualTo(ModelSpec.LstmDropout.BEFORE_OUTPUT);
    }

    @Test
    void aWrongValueIsOneClearMessage() {
        Map<String, Object> parameters = config("transformer");
        parameters.put("model.activation", "tanh");
        assertThatThrownBy(() -> model(parameters)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run " + new RunConfig("S", "M", parameters).id()
                        + ": 'model.activation' must be one of gelu, relu, not tanh");
        Map<String, Object> flag = config("transformer");
        flag.put("model.scaleEmbedding", "yes");
        assertThatThrownBy(() -> model(flag)).hasMessageContaining("'model.scaleEmbedding' must be true or false");
    }
}
