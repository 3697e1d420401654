package org.saturn.ui.editor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceRunnable;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.service.OperationCanceledError;
import org.eclipse.xtext.validation.Issue;

/**
 * Parses and validates the document after each pause in typing (the reconciler runs off the UI
 * thread) and mirrors the issues as problem markers: squiggles in the editor, rows in the
 * Problems view.
 */
public final class SaturnReconcilingStrategy implements IReconcilingStrategy, IReconcilingStrategyExtension {

    /** Problem markers of Saturn specs (a subtype of the platform's problem marker). */
    public static final String MARKER_TYPE = "org.saturn.ui.problem";

    private IDocument document;
    private IProgressMonitor monitor;

    @Override
    public void setDocument(IDocument document) {
        this.document = document;
    }

    @Override
    public void setProgressMonitor(IProgressMonitor monitor) {
        this.monitor = monitor;
    }

    /** Without this the reconciler would wait for the first edit: no markers when a file opens. */
    @Override
    public void initialReconcile() {
        reconcileDocument();
    }

    @Override
    public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
        reconcileDocument();
    }

    @Override
    public void reconcile(IRegion partition) {
        reconcileDocument();
    }

    private void reconcileDocument() {
        IFile file = fileOf(document);
        if (file == null) {
            return;
        }
        try {
            String text = document.get();
            XtextResource resource = SaturnLanguage.parse(text,
                    URI.createPlatformResourceURI(file.getFullPath().toString(), true));
            List<Issue> issues = SaturnLanguage.validate(resource, () -> monitor != null && monitor.isCanceled());
            if (monitor != null && monitor.isCanceled()) {
                return;
            }
            // replace all markers in one workspace operation: the Problems view never sees a gap
            IWorkspaceRunnable update = progress -> {
                file.deleteMarkers(MARKER_TYPE, true, IResource.DEPTH_ZERO);
                for (Issue issue : issues) {
                    file.createMarker(MARKER_TYPE, markerAttributes(issue));
                }
            };
            ResourcesPlugin.getWorkspace().run(update, file, 0, null);
            // after the markers: whoever hears of a snapshot may rely on the markers being current
            SpecSnapshot.publish(SpecSnapshot.of(document, text, resource, () -> monitor != null && monitor.isCanceled()));
        } catch (OperationCanceledError | OperationCanceledException e) {
            // a newer edit cancelled this check: the reconciler runs again for it
        } catch (CoreException | RuntimeException e) {
            ILog.of(SaturnReconcilingStrategy.class).warn("Saturn could not check " + file.getFullPath(), e);
        }
    }

    /**
     * All attributes at once: a marker created first and filled later is seen half-empty. Public for
     * the project builder (builder/SpecBuilder), which marks specs that are not open.
     */
    public static Map<String, Object> markerAttributes(Issue issue) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(IMarker.MESSAGE, issue.getMessage());
        attributes.put(IMarker.SEVERITY, switch (issue.getSeverity() == null ? Severity.ERROR : issue.getSeverity()) {
            case ERROR -> IMarker.SEVERITY_ERROR;
            case WARNING -> IMarker.SEVERITY_WARNING;
            default -> IMarker.SEVERITY_INFO;
        });
        if (issue.getOffset() != null && issue.getLength() != null) {
            attributes.put(IMarker.CHAR_START, issue.getOffset());
            attributes.put(IMarker.CHAR_END, issue.getOffset() + issue.getLength());
        }
        if (issue.getLineNumber() != null) {
            attributes.put(IMarker.LINE_NUMBER, issue.getLineNumber());
        }
        attributes.put(IMarker.SOURCE_ID, "Saturn");
        return attributes;
    }

    /** The URI a document parses under: its file's, so that imports resolve next to it. */
    static URI uriOf(IDocument document) {
        IFile file = fileOf(document);
        return file != null ? URI.createPlatformResourceURI(file.getFullPath().toString(), true)
                : URI.createURI("inmemory:/untitled.saturn");
    }

    /** The Generic Editor hands over only the document: find its file through the buffer manager. */
    static IFile fileOf(IDocument document) {
        if (document == null) {
            return null;
        }
        ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(document);
        if (buffer == null || buffer.getLocation() == null) {
            return null;
        }
        return ResourcesPlugin.getWorkspace().getRoot().findMember(buffer.getLocation()) instanceof IFile file ? file
                : null;
    }
}
