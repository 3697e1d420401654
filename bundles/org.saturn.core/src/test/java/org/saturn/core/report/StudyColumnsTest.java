package org.saturn.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.saturn.core.report.ReportFixtures.record;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.Parameter;
import org.saturn.core.results.ResultsFactory;
import org.saturn.core.results.RunRecord;
import org.saturn.core.store.RunStore;

/** Varied parameters and declared metrics (name, summary, estimator error) in every report format. */
class StudyColumnsTest {

    private static final DeclaredMetric FINETUNE_LOSS = new DeclaredMetric("finetuneLoss", "finetune.loss",
            DeclaredMetric.Summary.LAST, false, null);
    private static final DeclaredMetric HESSIAN = new DeclaredMetric("hessianTrace", "hessian.trace",
            DeclaredMetric.Summary.LAST, false, "hessian.trace.stderr");
    private static final DeclaredMetric OOD_MIN = new DeclaredMetric("accuracy of R1 on ood", "ood.R1",
            DeclaredMetric.Summary.MIN, true, null);

    /** A run of scale {@code scale}: finetune.loss last/min, hessian.trace last ± stderr, ood.R1 min. */
    private static RunRecord run(String runId, double scale, long seed, double finetuneLast, double trace,
            double traceStderr, double oodMin) {
        RunRecord record = record(runId, "Tf/maxLikelihood/" + scale, "maxLikelihood", seed);
        record.getParameters().add(parameter("finetuning.reparametrizeScale", Double.toString(scale)));
        record.getParameters().add(parameter("seed", Long.toString(seed)));
        record.getParameters().add(parameter("optimizer.lr", "0.002"));
        record.getParameters().add(parameter("language.definition", "language " + seed));
        record.getSummaries().add(summary("test.loss", 0.11, 0.11, 0.11, 0.2));
        record.getSummaries().add(summary("finetune.loss", 0.5, 0.9, 0.3, finetuneLast));
        record.getSummaries().add(summary("hessian.trace", trace, trace, trace, trace));
        record.getSummaries().add(summary("hessian.trace.stderr", traceStderr, traceStderr, traceStderr, traceStderr));
        record.getSummaries().add(summary("ood.R1", 0.8, 0.9, oodMin, 0.85));
        return record;
    }

    private static Parameter parameter(String key, String value) {
        Parameter parameter = ResultsFactory.eINSTANCE.createParameter();
        parameter.setKey(key);
        parameter.setValue(value);
        return parameter;
    }

    private static MetricSummary summary(String metric, double atBest, double max, double min, double last) {
        MetricSummary summary = ReportFixtures.summary(metric, atBest, max);
        summary.setMin(min);
        summary.setLast(last);
        return summary;
    }

    private static List<GroupRow> rows() {
        return StudyReport.of(List.of(run("a1", 1, 1, 0.40, 60, 3, 0.2), run("a2", 1, 2, 0.44, 64, 5, 0.4),
                run("b1", 2, 1, 0.30, 240, 12, 0.6), run("b2", 2, 2, 0.34, 256, 20, 0.8)));
    }

    private static Map<String, StudyColumns> columns(List<GroupRow> rows) {
        StudyDeclarations declared = new StudyDeclarations(List.of(FINETUNE_LOSS, HESSIAN, OOD_MIN));
        return StudyColumns.of(rows, study -> java.util.Optional.of(declared));
    }

    @Test
    void theVariedParameterIsFoundAndNotTheSeedOrDefinitions() {
        Map<String, StudyColumns> columns = columns(rows());
        assertThat(columns.get("CS1").varied()).containsExactly("finetuning.reparametrizeScale");
    }

    @Test
    void declaredMetricsTakeTheirDeclaredSummaryOverSeeds() {
        List<GroupRow> rows = rows();
        GroupRow scale1 = rows.get(0);
        assertThat(StudyColumns.parameter(scale1, "finetuning.reparametrizeScale")).isEqualTo("1.0");
        assertThat(StudyColumns.summary(scale1, FINETUNE_LOSS, ReportConventions.SATURN).mean()).isCloseTo(0.42,
                within(1e-12));
        assertThat(StudyColumns.summary(scale1, OOD_MIN, ReportConventions.SATURN).mean()).isCloseTo(0.3,
                within(1e-12));
        assertThat(StudyColumns.summary(rows.get(1), HESSIAN, ReportConventions.SATURN).mean()).isCloseTo(248,
                within(1e-9));
        assertThat(StudyColumns.estimatorStderr(rows.get(1), HESSIAN)).isCloseTo(16, within(1e-9));
        assertThat(StudyColumns.estimatorStderr(scale1, FINETUNE_LOSS)).isNaN();
    }

    @Test
    void everyFormatShowsTheVariedParameterAndTheDeclaredNames() throws Exception {
        List<GroupRow> rows = rows();
        Map<String, StudyColumns> columns = columns(rows);

        String table = ReportFormats.table(rows, ReportConventions.SATURN, columns);
        assertThat(table).contains("finetuning.reparametrizeScale", "finetuneLoss (last)", "hessianTrace (last)",
                "accuracy of R1 on ood (min)", "0.4200 ± 0.02828", "248.0 ± 11.3 [± 16.0]");

        JsonNode groups = new ObjectMapper().readTree(ReportFormats.json(rows, ReportConventions.SATURN, columns))
                .get("groups");
        JsonNode scale2 = groups.get(1);
        assertThat(scale2.get("varied").get("finetuning.reparametrizeScale").asText()).isEqualTo("2.0");
        assertThat(scale2.get("declared").get("finetuneLoss").get("mean").asDouble()).isCloseTo(0.32, within(1e-12));
        assertThat(scale2.get("declared").get("finetuneLoss").get("summary").asText()).isEqualTo("last");
        assertThat(scale2.get("declared").get("hessianTrace").get("estimatorStderr").asDouble()).isCloseTo(16,
                within(1e-12));
        assertThat(scale2.get("runs").get(0).get("declared").get("hessianTrace").asDouble()).isEqualTo(240);

        String csv = ReportFormats.csv(rows, ReportConventions.SATURN, columns);
        assertThat(csv).contains("CS1,Tf/maxLikelihood/2.0,Tf,maxLikelihood,2,finetuning.reparametrizeScale,"
                + "parameter,2.0,,,undefined")
                .contains(",finetuneLoss,last,0.32")
                .contains(",hessianTrace estimatorStderr,last,16.0");

        String html = ReportFormats.html(rows, ReportConventions.SATURN, columns);
        assertThat(html).contains("<th>finetuning.reparametrizeScale</th>", "<th>finetuneLoss (last)</th>",
                "<td>248.0 ± 11.3 [± 16.0]</td>");
        // flatness against the fine-tuning outcome, one point per run (4 runs)
        String scatter = html.substring(html.indexOf("CS1: hessianTrace against finetuneLoss, per run"));
        assertThat(scatter.substring(0, scatter.indexOf("</svg>")).split("<circle", -1)).hasSize(5);
    }

    @Test
    void declarationsRoundTripThroughTheStoreAndAreHiddenFromItsRuns(@TempDir Path folder) throws Exception {
        RunStore store = RunStore.create(folder);
        new StudyDeclarations(List.of(FINETUNE_LOSS, HESSIAN, OOD_MIN)).write(store, "CS1");
        assertThat(StudyDeclarations.read(store, "CS1").orElseThrow().metrics())
                .containsExactly(FINETUNE_LOSS, HESSIAN, OOD_MIN);
        assertThat(store.runs("CS1")).isEmpty();
        assertThat(StudyDeclarations.read(store, "Other")).isEmpty();
        Files.writeString(folder.resolve("CS1").resolve(StudyDeclarations.FILE), "{broken");
        assertThat(StudyDeclarations.read(store, "CS1")).isEmpty();
    }
}
