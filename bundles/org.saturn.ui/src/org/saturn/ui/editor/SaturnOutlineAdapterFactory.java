package org.saturn.ui.editor;

import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.content.IContentType;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;

/**
 * Gives the Generic Editor an outline page when it shows a .saturn file: the editor asks the
 * adapter manager for what it does not know itself (registered for its class in plugin.xml).
 */
public final class SaturnOutlineAdapterFactory implements IAdapterFactory {

    /** The content type of Saturn specs (plugin.xml). */
    public static final String CONTENT_TYPE = "org.saturn.ui.spec";

    @Override
    public <T> T getAdapter(Object adaptable, Class<T> adapterType) {
        if (adapterType == IContentOutlinePage.class && adaptable instanceof ITextEditor editor
                && isSpec(editor.getEditorInput())) {
            return adapterType.cast(new SaturnOutlinePage(editor));
        }
        return null;
    }

    @Override
    public Class<?>[] getAdapterList() {
        return new Class<?>[] { IContentOutlinePage.class };
    }

    static boolean isSpec(IEditorInput input) {
        if (input == null) {
            return false;
        }
        IContentType spec = Platform.getContentTypeManager().getContentType(CONTENT_TYPE);
        IContentType type = Platform.getContentTypeManager().findContentTypeFor(input.getName());
        return spec != null && type != null && type.isKindOf(spec);
    }
}
