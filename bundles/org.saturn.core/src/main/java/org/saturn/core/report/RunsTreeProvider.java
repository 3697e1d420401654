package org.saturn.core.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.saturn.core.results.ResultsPackage;
import org.saturn.core.results.RunRecord;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;

/**
 * Builds {@link RunsTree} snapshots of one or more run stores, incrementally: a refresh lists the
 * stores and looks at each run's {@code record.xmi} attributes (modification time, size, file
 * key; records are replaced by atomic renames) and re-reads only the records that changed, in
 * parallel. That is what keeps a 10,000-run store live while workers write it. Not tied to any
 * UI thread; one refresh at a time.
 */
public final class RunsTreeProvider {

    private record Stamp(long modifiedNanos, long size, Object fileKey) {
    }

    private record Cached(Stamp stamp, RunRow row) {
    }

    private final Map<RunDirectory, Cached> cache = new HashMap<>();
    private RunsTree previous = RunsTree.EMPTY;
    private RunsFilter previousFilter = RunsFilter.ALL;
    private int lastReadCount;
    private int unreadable;

    public RunsTreeProvider() {
        ResultsPackage.eINSTANCE.getEFactoryInstance(); // initialise EMF's package once, before parallel reads
    }

    /**
     * A fresh snapshot of the stores (missing folders are empty), filtered; null when cancelled.
     * Runs without a readable record yet are left out until they have one.
     */
    public synchronized RunsTree refresh(List<Path> stores, RunsFilter filter, BooleanSupplier cancelled) {
        Map<RunDirectory, Stamp> present = new LinkedHashMap<>();
        Map<RunsTree.Study, List<RunDirectory>> runsOfStudy = new LinkedHashMap<>();
        for (Path root : new java.util.LinkedHashSet<>(stores)) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            RunStore store = RunStore.open(root);
            for (String study : store.studies()) {
                if (cancelled.getAsBoolean()) {
                    return null;
                }
                List<RunDirectory> runs = new ArrayList<>();
                for (RunDirectory run : store.runs(study)) {
                    Stamp stamp = stamp(run.path().resolve(RunDirectory.RECORD));
                    if (stamp != null) {
                        present.put(run, stamp);
                        runs.add(run);
                    }
                }
                runsOfStudy.put(new RunsTree.Study(root, study), runs);
            }
        }
        List<RunDirectory> toRead = new ArrayList<>();
        present.forEach((run, stamp) -> {
            Cached cached = cache.get(run);
            if (cached == null || !cached.stamp().equals(stamp)) {
                toRead.add(run);
            }
        });
        Map<RunDirectory, RunRecord> read = new java.util.concurrent.ConcurrentHashMap<>();
        int[] failures = new int[1];
        toRead.parallelStream().forEach(run -> {
            if (cancelled.getAsBoolean()) {
                return;
            }
            try {
                RunRecord record = RecordReader.read(run);
                if (record != null) {
                    read.put(run, record);
                }
            } catch (StoreException | java.io.UncheckedIOException e) {
                synchronized (failures) {
                    failures[0]++;
                }
            }
        });
        if (cancelled.getAsBoolean()) {
            return null;
        }
        Set<RunDirectory> changed = new HashSet<>();
        read.forEach((run, record) -> {
            cache.put(run, new Cached(present.get(run), new RunRow(run, record)));
            changed.add(run);
        });
        for (RunDirectory gone : new ArrayList<>(cache.keySet())) {
            if (!present.containsKey(gone)) {
                cache.remove(gone);
                changed.add(gone);
            }
        }
        lastReadCount = read.size();
        unreadable = failures[0];

        List<RunsTree.Study> studies = new ArrayList<>();
        Map<RunsTree.Study, List<GroupRow>> groups = new LinkedHashMap<>();
        IdentityHashMap<GroupRow, List<RunDirectory>> runsOfGroup = new IdentityHashMap<>();
        Map<RunDirectory, RunRow> rows = new HashMap<>();
        int total = 0;
        for (Map.Entry<RunsTree.Study, List<RunDirectory>> study : runsOfStudy.entrySet()) {
            List<RunRow> shown = new ArrayList<>();
            for (RunDirectory run : study.getValue()) {
                Cached cached = cache.get(run);
                if (cached == null) {
                    continue; // no record yet, or unreadable on its first read
                }
                total++;
                rows.put(run, cached.row());
                if (filter.accepts(cached.row())) {
                    shown.add(cached.row());
                }
            }
            if (!shown.isEmpty() || filter.acceptsAll() && !study.getValue().isEmpty()) {
                studies.add(study.getKey());
                groups.put(study.getKey(), RunsTree.group(shown, runsOfGroup));
            }
        }
        boolean structureChanged = !filter.toString().equals(previousFilter.toString())
                || !sameStructure(previous, studies, groups, runsOfGroup);
        RunsTree tree = new RunsTree(studies, groups, runsOfGroup, rows, changed, structureChanged, total);
        previous = tree;
        previousFilter = filter;
        return tree;
    }

    /** How many records the last refresh read from disk (the rest came from the cache). */
    public synchronized int lastReadCount() {
        return lastReadCount;
    }

    /** Records that could not be read in the last refresh (left as they were). */
    public synchronized int unreadable() {
        return unreadable;
    }

    private static boolean sameStructure(RunsTree before, List<RunsTree.Study> studies,
            Map<RunsTree.Study, List<GroupRow>> groups, IdentityHashMap<GroupRow, List<RunDirectory>> runsOfGroup) {
        if (!before.studies().equals(studies)) {
            return false;
        }
        for (RunsTree.Study study : studies) {
            List<GroupRow> old = before.groups(study);
            List<GroupRow> now = groups.get(study);
            if (old.size() != now.size()) {
                return false;
            }
            for (int i = 0; i < now.size(); i++) {
                if (!RunsTree.sameNode(old.get(i), now.get(i)) || !before.runs(old.get(i)).equals(runsOfGroup.get(now.get(i)))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Stamp stamp(Path record) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(record, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), attributes.size(),
                    Objects.requireNonNullElse(attributes.fileKey(), ""));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
