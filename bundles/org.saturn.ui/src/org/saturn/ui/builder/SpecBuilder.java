package org.saturn.ui.builder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Issue;
import org.saturn.ui.editor.SaturnLanguage;
import org.saturn.ui.editor.SaturnReconcilingStrategy;

/**
 * Checks every {@code .saturn} spec of a project (parse, link, validate: what the editor checks while
 * typing) and mirrors the issues as problem markers. Specs import one another, so a change to any
 * spec checks them all; a project of specs is small.
 */
public final class SpecBuilder extends IncrementalProjectBuilder {

    public static final String ID = "org.saturn.ui.specBuilder";
    /** The editor's marker type: the builder and an open editor keep the same markers current. */
    public static final String MARKER_TYPE = SaturnReconcilingStrategy.MARKER_TYPE;
    static final String EXTENSION = "saturn";

    @Override
    protected IProject[] build(int kind, Map<String, String> args, IProgressMonitor monitor) throws CoreException {
        IResourceDelta delta = kind == FULL_BUILD ? null : getDelta(getProject());
        if (delta == null || touchesSpecs(delta)) {
            checkAll(getProject(), monitor);
        }
        return null;
    }

    @Override
    protected void clean(IProgressMonitor monitor) throws CoreException {
        getProject().deleteMarkers(MARKER_TYPE, true, IResource.DEPTH_INFINITE);
    }

    private static boolean touchesSpecs(IResourceDelta delta) throws CoreException {
        boolean[] touched = { false };
        delta.accept(child -> {
            if (isSpec(child.getResource())) {
                touched[0] = true;
            }
            return !touched[0];
        });
        return touched[0];
    }

    static void checkAll(IProject project, IProgressMonitor monitor) throws CoreException {
        List<IFile> specs = new ArrayList<>();
        project.accept(resource -> {
            if (isSpec(resource)) {
                specs.add((IFile) resource);
            }
            // derived folders (a run store's checkpoints, build output) hold no specs worth checking
            return !resource.isDerived() && !resource.getName().startsWith(".");
        });
        for (IFile spec : specs) {
            if (monitor != null && monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            check(spec, monitor);
        }
    }

    private static boolean isSpec(IResource resource) {
        return resource.getType() == IResource.FILE && EXTENSION.equals(resource.getFileExtension());
    }

    /** Replaces the spec's markers with its current issues. */
    static void check(IFile spec, IProgressMonitor monitor) throws CoreException {
        spec.deleteMarkers(MARKER_TYPE, true, IResource.DEPTH_ZERO);
        if (!spec.exists()) {
            return;
        }
        String text;
        try (InputStream in = spec.getContents(true)) {
            text = new String(in.readAllBytes(), Charset.forName(spec.getCharset()));
        } catch (IOException e) {
            throw new CoreException(Status.error("Saturn could not read " + spec.getFullPath() + ": " + e.getMessage(), e));
        }
        XtextResource resource = SaturnLanguage.parse(text,
                URI.createPlatformResourceURI(spec.getFullPath().toString(), true));
        List<Issue> issues = SaturnLanguage.validate(resource, () -> monitor != null && monitor.isCanceled());
        for (Issue issue : issues) {
            spec.createMarker(MARKER_TYPE, SaturnReconcilingStrategy.markerAttributes(issue));
        }
    }
}
