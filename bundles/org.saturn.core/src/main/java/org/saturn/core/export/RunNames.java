package org.saturn.core.export;

import java.util.ArrayList;
import java.util.List;

import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;

/** Runs named on the command line ({@code saturn diff}, {@code saturn tag}): by id, a unique prefix of one, or STUDY/ID. */
public final class RunNames {

    private RunNames() {
    }

    /** The run a name means: STUDY/ID, or an id or a unique prefix of one in any study. */
    public static RunDirectory find(RunStore store, String name) {
        int slash = name.indexOf('/');
        String id = slash >= 0 ? name.substring(slash + 1) : name;
        List<RunDirectory> exact = new ArrayList<>();
        List<RunDirectory> prefixed = new ArrayList<>();
        for (String study : store.studies()) {
            if (slash >= 0 && !study.equals(name.substring(0, slash))) {
                continue;
            }
            for (String runId : store.runIds(study)) {
                if (runId.equals(id)) {
                    exact.add(store.listedRun(study, runId));
                } else if (!id.isEmpty() && runId.startsWith(id)) {
                    prefixed.add(store.listedRun(study, runId));
                }
            }
        }
        List<RunDirectory> matches = exact.isEmpty() ? prefixed : exact;
        if (matches.isEmpty()) {
            throw new StoreException("no run '" + name + "' in " + store.root() + " (name it by id or STUDY/ID)");
        }
        if (matches.size() > 1) {
            throw new StoreException("'" + name + "' names " + matches.size() + " runs (" + matches.stream().limit(4)
                    .map(RunDirectory::toString).reduce((a, b) -> a + ", " + b).orElse("") + (matches.size() > 4
                            ? ", ..." : "") + "): give more of the id, or STUDY/ID");
        }
        return matches.get(0);
    }
}
