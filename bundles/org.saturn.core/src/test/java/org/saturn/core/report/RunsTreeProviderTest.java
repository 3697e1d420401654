package org.saturn.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.Parameter;
import org.saturn.core.results.ResultsFactory;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;

class RunsTreeProviderTest {

    @TempDir
    Path root;

    static RunRecord record(String study, String id, String regime, long seed, RunStatus status, double testLoss,
            double oodR1) {
        RunRecord record = ResultsFactory.eINSTANCE.createRunRecord();
        record.setRunId(id);
        record.setStudy(study);
        record.setModel("Tf");
        record.setRegime(regime);
        record.setGroup("Tf/" + regime + "/0badcafe");
        record.setSeed(seed);
        record.setStatus(status);
        record.setStep(status == RunStatus.FINISHED ? 300 : 150);
        record.setTotalSteps(300);
        record.setOptimalLoss(0.5);
        record.setUpdatedAt("2026-11-28T05:00:0" + seed + ".123Z");
        summary(record, StudyReport.TEST_LOSS, testLoss);
        summary(record, RunRow.OOD_R1, oodR1);
        Parameter lr = ResultsFactory.eINSTANCE.createParameter();
        lr.setKey("optimizer.lr");
        lr.setValue(seed == 2 ? "0.002" : "0.001");
        record.getParameters().add(lr);
        return record;
    }

    private static void summary(RunRecord record, String metric, double atBest) {
        MetricSummary summary = ResultsFactory.eINSTANCE.createMetricSummary();
        summary.setMetric(metric);
        summary.setAtBest(atBest);
        summary.setMax(atBest);
        record.getSummaries().add(summary);
    }

    private RunStore fourRuns() {
        RunStore store = RunStore.create(root.resolve("runs"));
        store.run("Quick", "r1").writeRecord(record("Quick", "r1", "oracle", 2, RunStatus.FINISHED, 0.51, 1.0));
        store.run("Quick", "r2").writeRecord(record("Quick", "r2", "oracle", 1, RunStatus.FINISHED, 0.53, 0.8));
        store.run("Quick", "r3").writeRecord(record("Quick", "r3", "adversarial", 1, RunStatus.RUNNING, 0.60, 0.0));
        store.run("Other", "r4").writeRecord(record("Other", "r4", "oracle", 1, RunStatus.FINISHED, 0.55, 0.5));
        return store;
    }

    @Test
    void studiesHoldGroupsOfRunsBySeedWithMeanAndStd() {
        RunStore store = fourRuns();
        RunsTree tree = new RunsTreeProvider().refresh(List.of(store.root()), RunsFilter.ALL, () -> false);

        assertThat(tree.studies()).extracting(RunsTree.Study::name).containsExactly("Other", "Quick");
        RunsTree.Study quick = tree.studies().get(1);
        assertThat(quick.label()).isEqualTo("Quick (" + root.getFileName() + "/runs)");
        List<GroupRow> groups = tree.groups(quick);
        assertThat(groups).extracting(GroupRow::regime).containsExactly("adversarial", "oracle");
        GroupRow oracle = groups.get(1);
        assertThat(tree.runs(oracle)).extracting(RunDirectory::runId).containsExactly("r2", "r1"); // seed 1, then 2
        // a group published to other views leads back to its runs' folders (the Saturation view needs them)
        assertThat(oracle.runs()).map(record -> SaturationProvider.directoryOf(record).orElseThrow())
                .containsExactlyInAnyOrderElementsOf(tree.runs(oracle));
        assertThat(RunsColumns.NAME.text(tree, oracle)).isEqualTo("Tf · oracle · 0badcafe (n=2)");
        assertThat(RunsColumns.TEST_LOSS.text(tree, oracle)).isEqualTo("0.52000 ± 0.01414");
        assertThat(RunsColumns.GAP.text(tree, oracle)).isEqualTo("+4.00 ± 2.83");
        assertThat(RunsColumns.OOD_R1.text(tree, oracle)).isEqualTo("0.90 ± 0.14");
        assertThat(RunsColumns.STATUS.text(tree, oracle)).isEqualTo("all 2 finished");
        assertThat(RunsColumns.FINISHED.text(tree, oracle)).isEqualTo("2026-11-28 05:00:02");
        assertThat(RunsColumns.STATUS.text(tree, quick)).isEqualTo("2 finished · 1 running");

        RunDirectory r3 = store.run("Quick", "r3");
        assertThat(RunsColumns.STEP.text(tree, r3)).isEqualTo("150 / 300");
        assertThat(RunsColumns.GAP.text(tree, r3)).isEqualTo("+20.00");
        assertThat(RunsColumns.ID_R1.text(tree, r3)).isEqualTo("–");
        assertThat(RunsColumns.FINISHED.text(tree, r3)).isEmpty();
        assertThat(tree.studyOf(tree.groupOf(r3))).isEqualTo(quick);
        assertThat(tree.totalRuns()).isEqualTo(4);
    }

    @Test
    void aDamagedRecordHidesOnlyItsRunAndIsNamedInOneWarning() throws Exception {
        RunStore store = fourRuns();
        Path damaged = store.run("Quick", "r2").path().resolve(RunDirectory.RECORD);
        byte[] noise = new byte[(int) Files.size(damaged)];
        new java.util.Random(19).nextBytes(noise);
        Files.write(damaged, noise);
        List<String> warnings = new java.util.ArrayList<>();
        org.saturn.core.store.StoreWarnings.reset();
        java.util.function.Consumer<String> previous = org.saturn.core.store.StoreWarnings.routeTo(warnings::add);
        try {
            RunsTreeProvider provider = new RunsTreeProvider();
            RunsTree tree = provider.refresh(List.of(store.root()), RunsFilter.ALL, () -> false);
            // a view refreshes every second: the damaged run is skipped again, but named once
            RunsTree again = provider.refresh(List.of(store.root()), RunsFilter.ALL, () -> false);

            for (RunsTree shown : List.of(tree, again)) {
                assertThat(shown.totalRuns()).isEqualTo(3);
                GroupRow oracle = shown.groups(shown.studies().get(1)).get(1);
                assertThat(shown.runs(oracle)).extracting(RunDirectory::runId).containsExactly("r1");
            }
            assertThat(warnings).singleElement().asString().startsWith("saturn: skipped " + damaged + ": unreadable run record (")
                    .containsOnlyOnce(damaged.toString());
        } finally {
            org.saturn.core.store.StoreWarnings.routeTo(previous);
        }
    }

    @Test
    void refreshRereadsOnlyChangedRecords() throws Exception {
        RunStore store = fourRuns();
        RunsTreeProvider provider = new RunsTreeProvider();
        RunsTree first = provider.refresh(List.of(store.root()), RunsFilter.ALL, () -> false);
        assertThat(provider.lastReadCount()).isEqualTo(4);

        RunsTree same = provider.refresh(List.of(store.root()), RunsFilter.ALL, () -> false);
        assertThat(provider.lastReadCount()).isZero();
        assertThat(same.changedRuns()).isEmpty();
        assertThat(same.structureChanged()).isFalse();

        RunDirectory r3 = store.run("Quick", "r3");
        store.run("Quick", "r3").writeRecord(record("Quick", "r3", "adversarial", 1, RunStatus.FINISHED, 0.52, 0.0));
        RunsTree updated = provider.refresh(List.of(store.root()), RunsFilter.ALL, () -> false);
        assertThat(provider.lastReadCount()).isEqualTo(1);
        assertThat(updated.changedRuns()).containsExactly(r3);
        assertThat(updated.structureChanged()).isFalse();
        assertThat(RunsColumns.STATUS.text(updated, r3)).isEqualTo("finished");
        // an older snapshot's group instance still finds its runs and current values
        GroupRow oldGroup = first.groupOf(r3);
        assertThat(RunsColumns.TEST_LOSS.text(updated, oldGroup)).isEqualTo("0.52000");

        store.run("Quick", "r5").writeRecord(record("Quick", "r5", "adversarial", 2, RunStatus.RUNNING, 0.7, 0.0));
        RunsTree grown = provider.refresh(List.of(store.root()), RunsFilter.ALL, () -> false);
        assertThat(provider.lastReadCount()).isEqualTo(1);
        assertThat(grown.structureChanged()).isTrue();
        assertThat(grown.runs(grown.groupOf(r3))).hasSize(2);

        Files.delete(store.run("Other", "r4").path().resolve(RunDirectory.RECORD));
        RunsTree shrunk = provider.refresh(List.of(store.root()), RunsFilter.ALL, () -> false);
        assertThat(shrunk.changedRuns()).containsExactly(store.run("Other", "r4"));
        assertThat(shrunk.studies()).extracting(RunsTree.Study::name).containsExactly("Quick");
    }

    @Test
    void filterKeepsMatchingRunsAndAggregatesOverThem() {
        RunStore store = fourRuns();
        RunsTreeProvider provider = new RunsTreeProvider();
        List<Path> stores = List.of(store.root(), root.resolve("missing-store"));

        RunsTree finished = provider.refresh(stores, RunsFilter.parse("status=finished"), () -> false);
        assertThat(finished.shownRuns()).isEqualTo(3);
        assertThat(finished.structureChanged()).isTrue();

        RunsTree oracleQuick = provider.refresh(stores, RunsFilter.parse("quick  regime=ORACLE"), () -> false);
        assertThat(oracleQuick.studies()).extracting(RunsTree.Study::name).containsExactly("Quick");
        assertThat(oracleQuick.shownRuns()).isEqualTo(2);

        RunsTree byParameter = provider.refresh(stores, RunsFilter.parse("optimizer.lr=0.002"), () -> false);
        assertThat(byParameter.shownRuns()).isEqualTo(1);
        assertThat(byParameter.groupOf(store.run("Quick", "r1"))).isNotNull();
        assertThat(provider.lastReadCount()).isZero();

        assertThat(provider.refresh(stores, RunsFilter.ALL, () -> true)).isNull();
    }

    @Test
    void slurmQueuedRunsShowTheirJob() {
        RunStore store = RunStore.create(root);
        RunRecord queued = record("Big", "q1", "oracle", 1, RunStatus.PLANNED, Double.NaN, Double.NaN);
        queued.getSummaries().clear();
        queued.setStep(0);
        queued.setMessage("queued: slurm job 4711_3");
        store.run("Big", "q1").writeRecord(queued);

        RunsTree tree = new RunsTreeProvider().refresh(List.of(root), RunsFilter.ALL, () -> false);
        RunDirectory run = store.run("Big", "q1");
        assertThat(tree.row(run).queued()).isTrue();
        assertThat(RunsColumns.STATUS.text(tree, run)).isEqualTo("queued (slurm job 4711_3)");
        assertThat(RunsColumns.TEST_LOSS.text(tree, run)).isEqualTo("–");
        assertThat(RunsFilter.parse("status=queued").accepts(tree.row(run))).isTrue();
    }

    @Test
    void fastRecordReaderReadsWhatTheStoreWrites() throws Exception {
        RunStore store = RunStore.create(root);
        RunRecord written = record("Quick", "r1", "oracle", 7, RunStatus.STOPPED, 0.51, 0.25);
        written.setMessage("stopped at step 150; \"run again\" <to> resume & more");
        written.setCheckpointStep(150);
        written.setBestStep(100);
        written.setLossConvention("pad");
        written.setStartedAt("2026-11-28T04:00:00Z");
        RunDirectory run = store.run("Quick", "r1");
        run.writeRecord(written);

        RunRecord fast = RecordReader.read(run);
        assertThat(org.eclipse.emf.ecore.util.EcoreUtil.equals(fast, run.record().orElseThrow())).isTrue();
        // the scanner itself read it (no fall-back to EMF's loader), escapes included
        byte[] xmi = java.nio.file.Files.readAllBytes(run.path().resolve(RunDirectory.RECORD));
        RunRecord scanned = RecordReader.parse(xmi);
        assertThat(org.eclipse.emf.ecore.util.EcoreUtil.equals(scanned, run.record().orElseThrow())).isTrue();
        assertThat(scanned.getMessage()).isEqualTo("stopped at step 150; \"run again\" <to> resume & more");
        // what it does not know, it leaves to the store's reader
        String typed = new String(xmi, java.nio.charset.StandardCharsets.UTF_8).replace("<summaries ",
                "<summaries xsi:type=\"results:MetricSummary\" ");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecordReader.parse(typed.getBytes(
                java.nio.charset.StandardCharsets.UTF_8))).isNotNull();
        assertThat(fast.getStatus()).isEqualTo(RunStatus.STOPPED);
        assertThat(fast.getSummaries()).hasSize(2);
        assertThat(RecordReader.read(store.run("Quick", "none"))).isNull();
    }

    @Test
    void rowsScannedFromTheXmiSayWhatTheStoresRecordsSay() throws Exception {
        RunStore store = RunStore.create(root);
        RunRecord odd = record("Quick", "r1", "oracle", -3, RunStatus.FAILED, Double.NaN, 1e-7);
        odd.setMessage("failed: \"loss\" < 0 & more, naïve ünïcödé\nsecond line\ttab");
        odd.setGroup("Tf/oracle/größe & <co>");
        odd.setOptimalLoss(0.12345678901234567);
        odd.setStep(-1);
        odd.setTotalSteps(9_000_000_000L);
        odd.getSummaries().get(0).setMax(Double.POSITIVE_INFINITY);
        odd.getSummaries().get(1).setMin(-2.5e-300);
        odd.getSummaries().get(1).setLast(-0.0);
        MetricSummary bare = ResultsFactory.eINSTANCE.createMetricSummary();
        bare.setMetric("id.R2"); // atBest and max left at their defaults, so not written
        odd.getSummaries().add(bare);
        RunRecord planned = ResultsFactory.eINSTANCE.createRunRecord(); // every attribute at its default
        planned.setStudy("Quick");
        RunRecord plain = record("Quick", "r3", "adversarial", 2, RunStatus.RUNNING, 0.51, 0.25);
        plain.setOptimalLoss(0.5);
        plain.getSummaries().get(0).setAtBest(123456.78901);
        int index = 0;
        for (RunRecord written : List.of(odd, planned, plain)) {
            RunDirectory run = store.run("Quick", "r" + ++index);
            run.writeRecord(written);
            byte[] xmi = Files.readAllBytes(run.path().resolve(RunDirectory.RECORD));
            RunRow scanned = RecordReader.scanRow(run, xmi); // the scan itself, no fall-back
            RunRecord stored = run.record().orElseThrow();
            assertSameRow(scanned, RunRow.of(run, stored), stored);
            assertThat(org.eclipse.emf.ecore.util.EcoreUtil.equals(scanned.record(), stored)).isTrue();
            assertThat(SaturationProvider.directoryOf(scanned.record())).contains(run);
        }
        RunRow first = RecordReader.scanRow(store.run("Quick", "r1"),
                Files.readAllBytes(store.run("Quick", "r1").path().resolve(RunDirectory.RECORD)));
        assertThat(first.message()).isEqualTo(odd.getMessage());
        assertThat(first.metric("id.R2")).isZero();
        assertThat(first.parameter("optimizer.lr")).isEqualTo("0.001");
        assertThat(first.parameter("optimizer.none")).isNull();

        // XMI the scan does not expect goes to the store's reader: the same row
        RunDirectory typed = store.run("Quick", "r3");
        String xmi = Files.readString(typed.path().resolve(RunDirectory.RECORD)).replace("<summaries ",
                "<summaries xsi:type=\"results:MetricSummary\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecordReader.scanRow(typed, xmi.getBytes(
                java.nio.charset.StandardCharsets.UTF_8))).isInstanceOf(RecordReader.Unexpected.class);
        RunRow fallen = RecordReader.row(typed, xmi.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertSameRow(fallen, RunRow.of(typed, typed.record().orElseThrow()), plain);
        for (String broken : List.of(xmi.replace("runId=", "unknown="), xmi.replace("</results:RunRecord>", ""),
                xmi.replace("seed=\"2\"", "seed=\"2\" seed=\"3\""), xmi.replace("status=\"RUNNING\"", "status=\"WALKING\""),
                xmi.replace("http://www.saturn.org/results/1.0", "http://example.org/other"), xmi + "<trailing/>",
                xmi.replace("optimalLoss=\"0.5\"", "optimalLoss=\"0.5x\""))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecordReader.scanRow(typed, broken.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8))).isInstanceOf(RecordReader.Unexpected.class);
        }
    }

    @Test
    void numbersParseExactlyAsDoubleParseDoubleDoes() {
        java.util.Random random = new java.util.Random(42);
        List<String> texts = new java.util.ArrayList<>(List.of("0", "-0.0", "0.1", "0.12232", "123.456", "1.", ".5",
                "-7", "1e5", "1.0E-4", "NaN", "-Infinity", "999999999999999.9", "0.30000000000000004",
                "123456789012345", "1234567890123456", "4.9E-324", "1.7976931348623157E308"));
        for (int i = 0; i < 20_000; i++) {
            double value = switch (i % 4) {
                case 0 -> random.nextDouble();
                case 1 -> random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15);
                case 2 -> Math.round(random.nextDouble() * 1e6) / 1e4; // short decimals, the fast path
                default -> Double.longBitsToDouble(random.nextLong());
            };
            texts.add(Double.toString(value));
        }
        for (String text : texts) {
            byte[] bytes = (" " + text + " ").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(bits(RecordReader.number(bytes, 1, bytes.length - 1))).as(text)
                    .isEqualTo(bits(Double.parseDouble(text)));
        }
        byte[] garbage = "1.2.3".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(RecordReader.number(garbage, 0, garbage.length)).isNaN();
    }

    @Test
    void treeGroupsAggregateAsTheReportDoes() {
        RunStore store = RunStore.create(root);
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 24; i++) {
            RunRecord record = record("Sweep", "r" + i, i % 3 == 0 ? "oracle" : "adversarial", i % 4 + 1,
                    i % 5 == 0 ? RunStatus.RUNNING : RunStatus.FINISHED, 0.5 + random.nextDouble() / 7, random.nextDouble());
            record.setGroup("Tf/" + record.getRegime() + "/" + (i % 6));
            record.setOptimalLoss(i % 6 == 5 ? 0 : 0.5 + i % 2 / 3.0); // a group without an optimal loss too
            if (i % 7 == 0) {
                record.getSummaries().remove(1); // a run without OOD R1
            }
            store.run("Sweep", "r" + i).writeRecord(record);
        }
        RunsTree tree = new RunsTreeProvider().refresh(List.of(root), RunsFilter.ALL, () -> false);
        List<GroupRow> report = StudyReport.of(store, "Sweep");
        List<GroupRow> groups = tree.groups(tree.studies().get(0));
        assertThat(groups).extracting(GroupRow::group).containsExactlyElementsOf(report.stream().map(GroupRow::group).toList());
        for (int g = 0; g < groups.size(); g++) {
            GroupRow lazy = groups.get(g);
            GroupRow eager = report.get(g);
            assertThat(lazy.n()).isEqualTo(eager.n());
            assertThat(lazy.testLoss()).isEqualTo(eager.testLoss());
            assertThat(lazy.gapPercent()).isEqualTo(eager.gapPercent());
            assertThat(bits(lazy.optimalLoss())).isEqualTo(bits(eager.optimalLoss()));
            assertThat(lazy.atBest()).containsExactlyEntriesOf(eager.atBest());
            assertThat(lazy.max()).containsExactlyEntriesOf(eager.max());
            assertThat(lazy.runs()).extracting(RunRecord::getRunId)
                    .containsExactlyElementsOf(eager.runs().stream().map(RunRecord::getRunId).toList());
        }
    }

    /** Doubles compared exactly: NaN equals NaN, -0.0 does not equal 0.0. */
    private static long bits(double value) {
        return Double.doubleToRawLongBits(value);
    }

    private static void assertSameRow(RunRow row, RunRow expected, RunRecord record) {
        assertThat(row.run()).isEqualTo(expected.run());
        assertThat(row.study()).isEqualTo(expected.study());
        assertThat(row.group()).isEqualTo(expected.group());
        assertThat(row.model()).isEqualTo(expected.model());
        assertThat(row.regime()).isEqualTo(expected.regime());
        assertThat(row.seed()).isEqualTo(expected.seed());
        assertThat(row.status()).isEqualTo(expected.status());
        assertThat(row.step()).isEqualTo(expected.step());
        assertThat(row.totalSteps()).isEqualTo(expected.totalSteps());
        assertThat(bits(row.optimalLoss())).isEqualTo(bits(expected.optimalLoss()));
        assertThat(row.updatedAt()).isEqualTo(expected.updatedAt());
        assertThat(row.message()).isEqualTo(expected.message());
        for (MetricSummary summary : record.getSummaries()) {
            assertThat(bits(row.metric(summary.getMetric()))).isEqualTo(bits(summary.getAtBest()));
            assertThat(bits(row.value(summary.getMetric(), false))).isEqualTo(bits(summary.getMax()));
        }
        assertThat(row.metricNames()).containsExactly(expected.metricNames());
        for (RunsColumns column : RunsColumns.values()) {
            assertThat(column.text(row)).isEqualTo(column.text(expected));
        }
    }

    @Test
    void groupsWhoseRunsDidNotChangeAreKeptAsTheyWere() throws Exception {
        RunStore store = fourRuns();
        Files.writeString(store.root().resolve("Quick").resolve("notes.txt"), "not a run");
        Files.createDirectories(store.root().resolve("Quick").resolve("r0")); // a run without a record yet
        RunsTreeProvider provider = new RunsTreeProvider();
        RunsTree first = provider.refresh(List.of(store.root()), RunsFilter.ALL, () -> false);
        RunsTree.Study quick = first.studies().get(1);
        assertThat(first.totalRuns()).isEqualTo(4);
        assertThat(first.groups(quick)).hasSize(2);
        GroupRow oracle = first.groups(quick).get(1);

        store.run("Quick", "r3").writeRecord(record("Quick", "r3", "adversarial", 1, RunStatus.FINISHED, 0.52, 0.0));
        RunsTree next = provider.refresh(List.of(store.root()), RunsFilter.ALL, () -> false);
        assertThat(next.structureChanged()).isFalse();
        assertThat(next.groups(quick).get(1)).isSameAs(oracle); // same rows: the same group, no new aggregate
        assertThat(next.groups(quick).get(0)).isNotSameAs(first.groups(quick).get(0));
        assertThat(RunsColumns.TEST_LOSS.text(next, next.groups(quick).get(0))).isEqualTo("0.52000");
        assertThat(RunsColumns.STATUS.text(next, quick)).isEqualTo("all 3 finished");
        assertThat(RunsColumns.STATUS.text(first, quick)).isEqualTo("2 finished · 1 running");
        // the group's records are built when asked for, and compare as records
        assertThat(oracle.runs()).extracting(RunRecord::getRunId).containsExactly("r1", "r2");
        assertThat(oracle.runs()).isEqualTo(List.copyOf(oracle.runs()));

        store.run("Quick", "r0").writeRecord(record("Quick", "r0", "oracle", 3, RunStatus.RUNNING, 0.6, 0.7));
        RunsTree grown = provider.refresh(List.of(store.root()), RunsFilter.ALL, () -> false);
        assertThat(grown.structureChanged()).isTrue();
        assertThat(grown.runs(grown.groups(quick).get(1))).extracting(RunDirectory::runId).containsExactly("r2", "r1", "r0");
        assertThat(RunsColumns.NAME.text(grown, oracle)).isEqualTo("Tf · oracle · 0badcafe (n=3)");
    }
}
