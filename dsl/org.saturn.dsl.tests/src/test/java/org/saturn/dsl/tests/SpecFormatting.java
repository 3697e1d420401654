package org.saturn.dsl.tests;

import java.util.List;

import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.resource.XtextResource;

import com.google.inject.Inject;
import com.google.inject.Provider;

/** Formats a parsed resource with the language's formatter and returns the new text. */
class SpecFormatting {

    @Inject
    Provider<FormatterRequest> requests;

    @Inject
    IFormatter2 formatter;

    @Inject
    Provider<TextRegionAccessBuilder> regionAccess;

    String format(XtextResource resource) {
        ITextRegionAccess access = regionAccess.get().forNodeModel(resource).create();
        FormatterRequest request = requests.get();
        request.setTextRegionAccess(access);
        List<ITextReplacement> replacements = formatter.format(request);
        return access.getRewriter().renderToString(replacements);
    }
}
