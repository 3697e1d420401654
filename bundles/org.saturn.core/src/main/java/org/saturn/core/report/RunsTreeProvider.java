package org.saturn.core.report;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.saturn.core.results.ResultsPackage;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;

/**
 * Builds {@link RunsTree} snapshots of one or more run stores, incrementally: a refresh lists the
 * stores and looks at each run's {@code record.xmi} attributes (modification time, size, file
 * key; records are replaced by atomic renames) and re-reads only the records that changed, in
 * parallel, straight into rows (no EMF records). That is what keeps a 10,000-run store live while
 * workers write it: a first open costs one listing per study, one stat and one read per run; a
 * refresh where nothing changed, one listing and the stats. Not tied to any UI thread; one
 * refresh at a time.
 */
public final class RunsTreeProvider {

    private record Stamp(long modifiedNanos, long size, Object fileKey) {
    }

    /**
     * One listed run: its folder, the same instance for as long as it is listed (trees, viewers
     * and caches then compare runs by identity first), and the row of its last record read.
     */
    private static final class Entry {
        final RunDirectory run;
        final Path record;
        Stamp stamp;
        RunRow row;
        /** The refresh that last listed it. */
        long listed;
        // what the parallel pass of one refresh found, committed after it
        Stamp seen;
        RunRow fresh;
        boolean failed;

        Entry(RunDirectory run) {
            this.run = run;
            this.record = run.path().resolve(RunDirectory.RECORD);
        }

        /**
         * The record's bytes, read with the size its stat gave: one read call. A record replaced
         * since the stat may be cut short; then its XMI does not scan and the store's reader reads
         * it (and the next refresh, seeing a new stamp, reads it again).
         */
        byte[] read(long size) throws IOException {
            try (FileInputStream in = new FileInputStream(record.toString())) {
                byte[] content = new byte[(int) Math.min(size, Integer.MAX_VALUE - 8)];
                int length = in.readNBytes(content, 0, content.length);
                return length == content.length ? content : Arrays.copyOf(content, length);
            } catch (FileNotFoundException e) {
                throw new NoSuchFileException(record.toString());
            }
        }

        /** Stats the record and reads it when it changed; touches only this entry (runs in parallel). */
        void examine() {
            fresh = null;
            failed = false;
            seen = stamp(record);
            if (seen == null || seen.equals(stamp) && row != null) {
                return;
            }
            try {
                byte[] content = read(seen.size());
                fresh = RecordReader.row(run, content);
                if (fresh == null) {
                    seen = null;
                }
            } catch (NoSuchFileException e) {
                seen = null; // removed since the stat
            } catch (IOException | StoreException | UncheckedIOException e) {
                failed = true;
            }
        }
    }

    /** Runs without a row from which a refresh reads in parallel. */
    private static final int PARALLEL_READS = 500;

    /** Every listed run, by store, study and run id. */
    private Map<Path, Map<String, Map<String, Entry>>> entries = new HashMap<>();
    private List<Entry> listedBefore = List.of();
    private List<RunsTree.Study> studiesBefore = List.of();
    private long refreshes;
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
        long refresh = ++refreshes;
        Map<Path, Map<String, Map<String, Entry>>> nextEntries = new HashMap<>();
        List<RunsTree.Study> studies = new ArrayList<>();
        List<List<Entry>> runsOfStudy = new ArrayList<>();
        List<Entry> listed = new ArrayList<>(listedBefore.size());
        for (Path root : new LinkedHashSet<>(stores)) {
            if (!Files.isDirectory(root) || nextEntries.containsKey(root)) {
                continue;
            }
            RunStore store = RunStore.open(root);
            Map<String, Map<String, Entry>> known = entries.getOrDefault(root, Map.of());
            Map<String, Map<String, Entry>> studiesNow = new HashMap<>();
            nextEntries.put(root, studiesNow);
            for (String study : store.studies()) {
                if (cancelled.getAsBoolean()) {
                    return null;
                }
                Map<String, Entry> before = known.getOrDefault(study, Map.of());
                List<String> ids = store.runIds(study);
                Map<String, Entry> now = new HashMap<>(ids.size() * 4 / 3 + 1);
                List<Entry> runs = new ArrayList<>(ids.size());
                for (String id : ids) {
                    Entry entry = before.get(id);
                    if (entry == null) {
                        entry = new Entry(store.listedRun(study, id));
                    }
                    entry.listed = refresh;
                    now.put(id, entry);
                    runs.add(entry);
                }
                studiesNow.put(study, now);
                studies.add(new RunsTree.Study(root, study));
                runsOfStudy.add(runs);
                listed.addAll(runs);
            }
        }
        // one pass over every run: a stat, and a read where the record changed; on all cores when
        // many records are new (a first open), else on this thread: a refresh of a few changed
        // records is mostly stats, and one thread leaves the other cores to the UI
        int unread = 0;
        for (Entry entry : listed) {
            unread += entry.row == null ? 1 : 0;
        }
        (unread >= PARALLEL_READS ? listed.parallelStream() : listed.stream()).forEach(entry -> {
            if (!cancelled.getAsBoolean()) {
                entry.examine();
            }
        });
        if (cancelled.getAsBoolean()) {
            return null; // entries keep their last committed rows: the next refresh looks again
        }
        Set<RunDirectory> changed = new HashSet<>();
        int read = 0;
        int failures = 0;
        for (Entry entry : listed) {
            if (entry.failed) {
                failures++; // left as it was
            } else if (entry.seen == null) {
                if (entry.row != null) {
                    changed.add(entry.run);
                }
                entry.row = null;
                entry.stamp = null;
            } else if (entry.fresh != null) {
                entry.row = entry.fresh;
                entry.stamp = entry.seen;
                read++;
                changed.add(entry.run);
            }
            entry.fresh = null;
        }
        for (Entry gone : listedBefore) {
            if (gone.listed != refresh && gone.row != null) {
                changed.add(gone.run);
            }
        }
        entries = nextEntries;
        listedBefore = listed;
        lastReadCount = read;
        unreadable = failures;

        boolean sameFilter = filter.toString().equals(previousFilter.toString());
        if (changed.isEmpty() && sameFilter && studies.equals(studiesBefore)) {
            previous = previous.unchanged();
            return previous;
        }
        studiesBefore = studies;
        List<RunsTree.Study> shownStudies = new ArrayList<>();
        Map<RunsTree.Study, List<GroupRow>> groups = new LinkedHashMap<>();
        IdentityHashMap<GroupRow, List<RunDirectory>> runsOfGroup = new IdentityHashMap<>();
        IdentityHashMap<GroupRow, List<RunRow>> rowsOfGroup = new IdentityHashMap<>();
        Map<RunDirectory, RunRow> rows = new HashMap<>(listed.size() * 4 / 3 + 1);
        int total = 0;
        for (int s = 0; s < studies.size(); s++) {
            List<RunRow> shown = new ArrayList<>();
            boolean withRecords = false;
            for (Entry entry : runsOfStudy.get(s)) {
                withRecords |= entry.seen != null;
                RunRow row = entry.row;
                if (row == null) {
                    continue; // no record yet, or unreadable on its first read
                }
                total++;
                rows.put(entry.run, row);
                if (filter.accepts(row)) {
                    shown.add(row);
                }
            }
            if (!shown.isEmpty() || filter.acceptsAll() && withRecords) {
                RunsTree.Study study = studies.get(s);
                shownStudies.add(study);
                groups.put(study, RunsTree.group(study, shown, previous, runsOfGroup, rowsOfGroup));
            }
        }
        boolean structureChanged = !sameFilter || !sameStructure(previous, shownStudies, groups, runsOfGroup);
        RunsTree tree = new RunsTree(shownStudies, groups, runsOfGroup, rowsOfGroup, rows, changed, structureChanged, total);
        for (RunsTree.Study study : shownStudies) {
            tree.studyStatus(study); // counted here, off the UI thread, not on the study row's first paint
        }
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
            return new Stamp(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS), attributes.size(),
                    Objects.requireNonNullElse(attributes.fileKey(), ""));
        } catch (IOException e) {
            return null; // no record (yet), or not a folder at all
        }
    }
}
