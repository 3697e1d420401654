package org.saturn.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.Parameter;
import org.saturn.core.results.ResultsFactory;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunStore;

/** The Runs view's Varied and Declared metrics columns read the same core providers as the report. */
class RunsColumnsDeclaredTest {

    @TempDir
    Path root;

    private static RunRecord record(String id, double scale, long seed, double finetuneLast) {
        RunRecord record = ResultsFactory.eINSTANCE.createRunRecord();
        record.setRunId(id);
        record.setStudy("CS3");
        record.setModel("Tf");
        record.setRegime("maxLikelihood");
        record.setGroup("Tf/maxLikelihood/scale" + (int) scale);
        record.setSeed(seed);
        record.setStatus(RunStatus.FINISHED);
        record.setOptimalLoss(0.5);
        for (String[] pair : new String[][] { { "finetuning.reparametrizeScale", Double.toString(scale) },
                { "seed", Long.toString(seed) }, { "optimizer.lr", "0.002" } }) {
            Parameter parameter = ResultsFactory.eINSTANCE.createParameter();
            parameter.setKey(pair[0]);
            parameter.setValue(pair[1]);
            record.getParameters().add(parameter);
        }
        MetricSummary loss = ResultsFactory.eINSTANCE.createMetricSummary();
        loss.setMetric("finetune.loss");
        loss.setAtBest(0.9);
        loss.setMax(0.9);
        loss.setMin(finetuneLast - 0.1);
        loss.setLast(finetuneLast);
        record.getSummaries().add(loss);
        return record;
    }

    @Test
    void groupsAndRunsShowTheVariedParameterAndTheDeclaredMetric() {
        RunStore store = RunStore.create(root.resolve("runs"));
        store.run("CS3", "a1").writeRecord(record("a1", 1, 1, 0.40));
        store.run("CS3", "a2").writeRecord(record("a2", 1, 2, 0.44));
        store.run("CS3", "b1").writeRecord(record("b1", 2, 1, 0.30));
        new StudyDeclarations(List.of(new DeclaredMetric("finetuneLoss", "finetune.loss", DeclaredMetric.Summary.LAST,
                false, null))).write(store, "CS3");

        RunsTree tree = new RunsTreeProvider().refresh(List.of(store.root()), RunsFilter.ALL, () -> false);
        RunsTree.Study study = tree.studies().get(0);
        GroupRow scale1 = tree.groups(study).get(0);
        assertThat(tree.columns(study).varied()).containsExactly("finetuning.reparametrizeScale");
        assertThat(RunsColumns.VARIED.text(tree, scale1)).isEqualTo("reparametrizeScale=1.0");
        assertThat(RunsColumns.DECLARED.text(tree, scale1)).isEqualTo("finetuneLoss 0.4200 ± 0.02828");
        assertThat(RunsColumns.VARIED.text(tree, tree.runs(tree.groups(study).get(1)).get(0)))
                .isEqualTo("reparametrizeScale=2.0");
        assertThat(RunsColumns.DECLARED.text(tree, tree.runs(scale1).get(1))).isEqualTo("finetuneLoss 0.4400");
    }
}
