package org.saturn.dsl.scoping;

import java.net.URL;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.URIConverter;

/**
 * Where {@code import "x.saturn"} points: the file next to the importing one when it exists, else
 * the library bundled with the language ({@code stdlib.saturn} and friends), else nowhere.
 */
public final class SaturnImportResolver {

    /** Folder of the bundled library on the class path. */
    public static final String LIBRARY_FOLDER = "org/saturn/dsl/lib/";

    private SaturnImportResolver() {
    }

    /** The resolved URI, or null when neither a file nor a bundled library has that name. */
    public static URI resolve(Resource importing, String importUri) {
        if (importUri == null || importUri.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = URI.createURI(importUri);
        } catch (IllegalArgumentException e) {
            return null;
        }
        URI base = importing.getURI();
        URI resolved = uri.isRelative() && base != null && base.isHierarchical() && !base.isRelative()
                ? uri.resolve(base) : uri;
        if (exists(importing.getResourceSet(), resolved)) {
            return resolved;
        }
        return bundled(uri.lastSegment());
    }

    /** The bundled library file of that name, or null. */
    public static URI bundled(String fileName) {
        if (fileName == null) {
            return null;
        }
        URL url = SaturnImportResolver.class.getClassLoader().getResource(LIBRARY_FOLDER + fileName);
        return url == null ? null : URI.createURI(url.toString());
    }

    private static boolean exists(ResourceSet resourceSet, URI uri) {
        if (resourceSet != null && resourceSet.getResource(uri, false) != null) {
            return true;
        }
        URIConverter converter = resourceSet != null ? resourceSet.getURIConverter() : URIConverter.INSTANCE;
        try {
            return converter.exists(uri, null);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
