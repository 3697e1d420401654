package org.saturn.core.report;

import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.saturn.core.metrics.GroupSummary;
import org.saturn.core.results.RunRecord;
import org.saturn.core.store.RunDirectory;

/**
 * An immutable snapshot of the Runs tree: study → group (everything but the seed, aggregated as
 * mean ± std over n) → run. Built by {@link RunsTreeProvider}; a viewer maps it to widgets and
 * asks it for parents when it must reveal a run.
 */
public final class RunsTree {

    /** A study of one store; the store tells apart two stores that hold a study of the same name. */
    public record Study(Path store, String name) {

        /** {@code QuickStudy (examples/runs)}: the study and the last two folders of its store. */
        public String label() {
            Path parent = store.getParent();
            String where = parent != null && parent.getFileName() != null
                    ? parent.getFileName() + "/" + store.getFileName()
                    : String.valueOf(store.getFileName());
            return name + " (" + where + ")";
        }
    }

    public static final RunsTree EMPTY = new RunsTree(List.of(), Map.of(), new IdentityHashMap<>(), new IdentityHashMap<>(),
            Map.of(), Set.of(), false, 0);

    private final List<Study> studies;
    private final Map<Study, List<GroupRow>> groups;
    private final Map<GroupRow, List<RunDirectory>> runsOfGroup;
    /** The rows each group was aggregated from, in listing order: an unchanged group is reused by the next snapshot. */
    private final Map<GroupRow, List<RunRow>> rowsOfGroup;
    private final Map<RunDirectory, RunRow> rows;
    private final Map<RunDirectory, GroupRow> groupOfRun;
    private final Map<GroupRow, Study> studyOfGroup;
    private final Map<Study, Map<String, GroupRow>> groupByKey;
    private final Set<RunDirectory> changedRuns;
    private final boolean structureChanged;
    private final int totalRuns;
    /** A study's status counts, over all its runs: computed when first shown, not on every repaint. */
    private final Map<Study, String> studyStatus;
    /** A study's varied parameters and declared metrics: computed when first shown. */
    private final Map<Study, StudyColumns> columns = new java.util.concurrent.ConcurrentHashMap<>();

    RunsTree(List<Study> studies, Map<Study, List<GroupRow>> groups, IdentityHashMap<GroupRow, List<RunDirectory>> runsOfGroup,
            IdentityHashMap<GroupRow, List<RunRow>> rowsOfGroup, Map<RunDirectory, RunRow> rows, Set<RunDirectory> changedRuns,
            boolean structureChanged, int totalRuns) {
        this.studies = List.copyOf(studies);
        this.groups = groups;
        this.runsOfGroup = runsOfGroup;
        this.rowsOfGroup = rowsOfGroup;
        this.rows = rows;
        this.changedRuns = Collections.unmodifiableSet(changedRuns);
        this.structureChanged = structureChanged;
        this.totalRuns = totalRuns;
        this.groupOfRun = new HashMap<>(rows.size() * 4 / 3 + 1);
        this.studyOfGroup = new IdentityHashMap<>(runsOfGroup.size());
        this.groupByKey = new HashMap<>();
        this.studyStatus = new ConcurrentHashMap<>();
        groups.forEach((study, rowsOfStudy) -> {
            Map<String, GroupRow> byKey = new HashMap<>(rowsOfStudy.size() * 4 / 3 + 1);
            groupByKey.put(study, byKey);
            for (GroupRow group : rowsOfStudy) {
                studyOfGroup.put(group, study);
                byKey.put(group.group(), group);
                for (RunDirectory run : runsOfGroup.get(group)) {
                    groupOfRun.put(run, group);
                }
            }
        });
    }

    /** The same tree again, as the next snapshot when nothing changed: nothing to redraw. */
    private RunsTree(RunsTree same) {
        this.studies = same.studies;
        this.groups = same.groups;
        this.runsOfGroup = same.runsOfGroup;
        this.rowsOfGroup = same.rowsOfGroup;
        this.rows = same.rows;
        this.groupOfRun = same.groupOfRun;
        this.studyOfGroup = same.studyOfGroup;
        this.groupByKey = same.groupByKey;
        this.changedRuns = Set.of();
        this.structureChanged = false;
        this.totalRuns = same.totalRuns;
        this.studyStatus = same.studyStatus;
    }

    RunsTree unchanged() {
        return new RunsTree(this);
    }

    /**
     * Groups one study's rows (in listing order) by study and group key, groups in key order and
     * each group's runs by seed; a group of the previous snapshot with the very same rows is
     * reused as it is (no new aggregate, and a viewer sees the same element).
     */
    static List<GroupRow> group(Study study, List<RunRow> runRows, RunsTree previous,
            IdentityHashMap<GroupRow, List<RunDirectory>> runsOfGroup, IdentityHashMap<GroupRow, List<RunRow>> rowsOfGroup) {
        // by the records' study, then group key (nested maps, no key strings built per row)
        Map<String, Map<String, List<RunRow>>> byStudy = new HashMap<>();
        Map<String, List<RunRow>> lastStudy = null;
        String lastStudyName = null;
        for (RunRow row : runRows) {
            String studyName = Objects.requireNonNullElse(row.study(), "");
            if (lastStudy == null || !studyName.equals(lastStudyName)) {
                lastStudy = byStudy.computeIfAbsent(studyName, k -> new HashMap<>());
                lastStudyName = studyName;
            }
            String key = Objects.requireNonNullElse(row.group(), "");
            List<RunRow> members = lastStudy.get(key);
            if (members == null) {
                members = new ArrayList<>(4);
                lastStudy.put(key, members);
            }
            members.add(row);
        }
        Map<String, GroupRow> reusable = previous.groupByKey.getOrDefault(study, Map.of());
        List<String> studyNames = new ArrayList<>(byStudy.keySet());
        studyNames.sort(null);
        List<GroupRow> groupRows = new ArrayList<>();
        for (String studyName : studyNames) {
            Map<String, List<RunRow>> ofStudy = byStudy.get(studyName);
            String[] keys = ofStudy.keySet().toArray(new String[0]);
            java.util.Arrays.sort(keys);
            for (String key : keys) {
                List<RunRow> members = ofStudy.get(key);
                GroupRow old = reusable.get(key);
                List<RunRow> oldRows = old == null ? null : previous.rowsOfGroup.get(old);
                GroupRow group = oldRows != null && sameRows(oldRows, members) && old.study().equals(studyName) ? old
                        : group(studyName, key, members);
                groupRows.add(group);
                rowsOfGroup.put(group, oldRows != null && group == old ? oldRows : members);
                runsOfGroup.put(group, group == old ? previous.runsOfGroup.get(old) : bySeed(members));
            }
        }
        return groupRows;
    }

    private static boolean sameRows(List<RunRow> a, List<RunRow> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** The group's runs by seed (then run id): an insertion sort, groups are a few seeds. */
    private static List<RunDirectory> bySeed(List<RunRow> members) {
        RunRow[] sorted = members.toArray(new RunRow[0]);
        for (int i = 1; i < sorted.length; i++) {
            RunRow row = sorted[i];
            int j = i - 1;
            while (j >= 0 && bySeed(sorted[j], row) > 0) {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = row;
        }
        RunDirectory[] runs = new RunDirectory[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            runs[i] = sorted[i].run();
        }
        return List.of(runs);
    }

    private static int bySeed(RunRow a, RunRow b) {
        int seed = Long.compare(a.seed(), b.seed());
        return seed != 0 ? seed : a.run().runId().compareTo(b.run().runId());
    }

    /**
     * A group of these rows, aggregated when first asked for (a tree shows a few dozen of its
     * groups); its records are built when asked for too.
     */
    private static GroupRow group(String study, String group, List<RunRow> members) {
        RunRow first = members.get(0);
        return new GroupRow(study, group, first.model(), first.regime(), new RecordsOfRows(members),
                () -> aggregate(members));
    }

    /**
     * One group's aggregates, as {@link StudyReport} computes them from the records: every metric
     * (in first-seen order) at each run's best evaluation and at its maximum, the test loss and the
     * gap to each run's own optimal loss.
     */
    private static GroupRow.Aggregates aggregate(List<RunRow> members) {
        int n = members.size();
        List<String> metrics = new ArrayList<>(4);
        for (RunRow row : members) {
            for (String metric : row.metricNames()) {
                if (metric != null && !metrics.contains(metric)) {
                    metrics.add(metric);
                }
            }
        }
        Map<String, GroupSummary> atBest = new LinkedHashMap<>();
        Map<String, GroupSummary> max = new LinkedHashMap<>();
        double[] values = new double[n];
        for (String metric : metrics) {
            for (int i = 0; i < n; i++) {
                values[i] = members.get(i).value(metric, true);
            }
            atBest.put(metric, GroupSummary.of(values));
            for (int i = 0; i < n; i++) {
                values[i] = members.get(i).value(metric, false);
            }
            max.put(metric, GroupSummary.of(values));
        }
        GroupSummary testLoss = atBest.getOrDefault(StudyReport.TEST_LOSS, GroupSummary.of());
        for (int i = 0; i < n; i++) {
            RunRow row = members.get(i);
            values[i] = 100 * (row.value(StudyReport.TEST_LOSS, true) - row.optimalLoss()) / row.optimalLoss();
        }
        return new GroupRow.Aggregates(testLoss, members.get(0).optimalLoss(), GroupSummary.of(values), atBest, max);
    }

    /** A group's records, built from its rows when asked for (other views follow a group to its runs' folders). */
    private static final class RecordsOfRows extends AbstractList<RunRecord> implements RandomAccess {
        private final List<RunRow> rows;

        RecordsOfRows(List<RunRow> rows) {
            this.rows = rows;
        }

        @Override
        public RunRecord get(int index) {
            return rows.get(index).record();
        }

        @Override
        public int size() {
            return rows.size();
        }

        @Override
        public boolean equals(Object other) {
            if (other instanceof RecordsOfRows that) {
                return sameRows(rows, that.rows); // the same rows give the same records
            }
            return super.equals(other);
        }

        @Override
        public int hashCode() {
            return super.hashCode();
        }
    }

    public List<Study> studies() {
        return studies;
    }

    /**
     * The study's varied parameters (over all its runs in this snapshot) and the metrics it declares
     * in its store; computed when first shown.
     */
    public StudyColumns columns(Study study) {
        return columns.computeIfAbsent(study, s -> {
            List<RunRow> studyRows = new ArrayList<>();
            groups(s).forEach(group -> runs(group).forEach(run -> {
                RunRow row = row(run);
                if (row != null) {
                    studyRows.add(row);
                }
            }));
            List<DeclaredMetric> declared = java.nio.file.Files.isDirectory(s.store())
                    ? StudyDeclarations.read(org.saturn.core.store.RunStore.open(s.store()), s.name())
                            .map(StudyDeclarations::metrics).orElse(List.of())
                    : List.of();
            return new StudyColumns(s.name(), StudyColumns.variedOfRows(studyRows), declared);
        });
    }

    public List<GroupRow> groups(Study study) {
        return groups.getOrDefault(study, List.of());
    }

    /** The runs of a group, by seed; also answers for an equal group of an older snapshot. */
    public List<RunDirectory> runs(GroupRow group) {
        List<RunDirectory> runs = runsOfGroup.get(current(group));
        return runs == null ? List.of() : runs;
    }

    public RunRow row(RunDirectory run) {
        return rows.get(run);
    }

    /** The group that holds a run here, or null when the run is not (or no longer, or filtered) in the tree. */
    public GroupRow groupOf(RunDirectory run) {
        return groupOfRun.get(run);
    }

    public Study studyOf(GroupRow group) {
        GroupRow current = current(group);
        return current == null ? null : studyOfGroup.get(current);
    }

    /** This snapshot's instance of a group of another snapshot (same study, same group key), or null. */
    public GroupRow current(GroupRow group) {
        if (group == null) {
            return null;
        }
        if (studyOfGroup.containsKey(group)) {
            return group;
        }
        for (Study study : studies) {
            if (study.name().equals(group.study())) {
                GroupRow found = groupByKey.getOrDefault(study, Map.of()).get(group.group());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The statuses of a study's runs as {@code 2 finished · 1 running} (computed once per snapshot). */
    String studyStatus(Study study) {
        return studyStatus.computeIfAbsent(study, s -> {
            List<String> statuses = new ArrayList<>();
            for (GroupRow group : groups(s)) {
                for (RunDirectory run : runsOfGroup.get(group)) {
                    statuses.add(rows.get(run).statusText());
                }
            }
            return RunsColumns.statusCounts(statuses);
        });
    }

    /** Two snapshots' elements are the same node: runs by value, groups by study and key, studies by value. */
    public static boolean sameNode(Object a, Object b) {
        if (a instanceof GroupRow x && b instanceof GroupRow y) {
            return x == y || x.study().equals(y.study()) && x.group().equals(y.group());
        }
        return a == null ? b == null : a.equals(b);
    }

    public static int nodeHash(Object element) {
        return element instanceof GroupRow g ? 31 * g.study().hashCode() + g.group().hashCode()
                : element == null ? 0 : element.hashCode();
    }

    /** Runs shown (after the filter). */
    public int shownRuns() {
        return groupOfRun.size();
    }

    /** Runs with a record in the stores (before the filter). */
    public int totalRuns() {
        return totalRuns;
    }

    /** Runs whose record was new, changed or removed since the previous snapshot. */
    public Set<RunDirectory> changedRuns() {
        return changedRuns;
    }

    /** True when studies, groups or their runs differ from the previous snapshot (not just values). */
    public boolean structureChanged() {
        return structureChanged;
    }

    /** Every group and run of a study, in tree order (for tests and exports). */
    public Map<GroupRow, List<RunDirectory>> contents(Study study) {
        Map<GroupRow, List<RunDirectory>> contents = new LinkedHashMap<>();
        groups(study).forEach(group -> contents.put(group, runs(group)));
        return contents;
    }
}
