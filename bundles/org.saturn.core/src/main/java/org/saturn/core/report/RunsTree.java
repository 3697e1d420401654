package org.saturn.core.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    public static final RunsTree EMPTY = new RunsTree(List.of(), Map.of(), new IdentityHashMap<>(), Map.of(), Set.of(),
            false, 0);

    private final List<Study> studies;
    private final Map<Study, List<GroupRow>> groups;
    private final Map<GroupRow, List<RunDirectory>> runsOfGroup;
    private final Map<RunDirectory, RunRow> rows;
    private final Map<RunDirectory, GroupRow> groupOfRun = new HashMap<>();
    private final Map<GroupRow, Study> studyOfGroup = new IdentityHashMap<>();
    private final Map<String, GroupRow> groupByKey = new HashMap<>();
    private final Set<RunDirectory> changedRuns;
    private final boolean structureChanged;
    private final int totalRuns;

    RunsTree(List<Study> studies, Map<Study, List<GroupRow>> groups, IdentityHashMap<GroupRow, List<RunDirectory>> runsOfGroup,
            Map<RunDirectory, RunRow> rows, Set<RunDirectory> changedRuns, boolean structureChanged, int totalRuns) {
        this.studies = List.copyOf(studies);
        this.groups = groups;
        this.runsOfGroup = runsOfGroup;
        this.rows = rows;
        this.changedRuns = Collections.unmodifiableSet(changedRuns);
        this.structureChanged = structureChanged;
        this.totalRuns = totalRuns;
        groups.forEach((study, rowsOfStudy) -> rowsOfStudy.forEach(group -> {
            studyOfGroup.put(group, study);
            groupByKey.put(key(study, group), group);
            runsOfGroup.get(group).forEach(run -> groupOfRun.put(run, group));
        }));
    }

    /** Groups one study's rows; {@code rowsOfRecords} maps each record back to its run. */
    static List<GroupRow> group(List<RunRow> runRows, IdentityHashMap<GroupRow, List<RunDirectory>> runsOfGroup) {
        Map<RunRecord, RunRow> byRecord = new IdentityHashMap<>();
        List<RunRecord> records = new ArrayList<>(runRows.size());
        for (RunRow row : runRows) {
            byRecord.put(row.record(), row);
            records.add(row.record());
        }
        List<GroupRow> groupRows = StudyReport.of(records);
        for (GroupRow group : groupRows) {
            List<RunDirectory> runs = new ArrayList<>(group.n());
            group.runs().stream().map(byRecord::get).sorted(RunsTree::bySeed).forEach(row -> runs.add(row.run()));
            runsOfGroup.put(group, List.copyOf(runs));
        }
        return groupRows;
    }

    private static int bySeed(RunRow a, RunRow b) {
        int seed = Long.compare(a.record().getSeed(), b.record().getSeed());
        return seed != 0 ? seed : a.run().runId().compareTo(b.run().runId());
    }

    private static String key(Study study, GroupRow group) {
        return study.store() + "\u0000" + study.name() + "\u0000" + group.group();
    }

    public List<Study> studies() {
        return studies;
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
        if (studyOfGroup.containsKey(group)) {
            return group;
        }
        for (Study study : studies) {
            if (study.name().equals(group.study())) {
                GroupRow found = groupByKey.get(key(study, group));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Two snapshots' elements are the same node: runs by value, groups by study and key, studies by value. */
    public static boolean sameNode(Object a, Object b) {
        if (a instanceof GroupRow x && b instanceof GroupRow y) {
            return x.study().equals(y.study()) && x.group().equals(y.group());
        }
        return a == null ? b == null : a.equals(b);
    }

    public static int nodeHash(Object element) {
        return element instanceof GroupRow g ? (g.study() + "\u0000" + g.group()).hashCode()
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
