package org.saturn.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;


import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.saturn.core.results.ResultsPackage;
import org.saturn.core.results.RunRecord;
import org.saturn.core.store.RunDirectory;

/**
 * Reads run records fast enough to list 10,000 runs: a streaming pass over the flat XMI the
 * store writes (a RunRecord element, its attributes, one level of contained elements), setting
 * features reflectively through the results model. EMF's XMI loader costs milliseconds per file
 * (a parser per resource); this costs tens of microseconds. Anything it does not expect goes to
 * the store's own reader, so the result is always the record the store would read.
 */
final class RecordReader {

    /** Thrown inside for XMI this reader does not handle; the store's reader then does. */
    static final class Unexpected extends Exception {
        private static final long serialVersionUID = 1L;

        Unexpected() {
            super(null, null, false, false);
        }
    }

    private RecordReader() {
    }

    /** The run's record, or null when it has none yet. */
    static RunRecord read(RunDirectory run) {
        byte[] content;
        try {
            content = Files.readAllBytes(run.path().resolve(RunDirectory.RECORD));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            RunRecord record = parse(content);
            // like a record the store loads, it remembers its file: a GroupRow of such records leads
            // other views (Saturation) back to the runs' folders
            new org.eclipse.emf.ecore.resource.impl.ResourceImpl(org.eclipse.emf.common.util.URI
                    .createFileURI(run.path().resolve(RunDirectory.RECORD).toAbsolutePath().toString())).getContents().add(record);
            return record;
        } catch (Unexpected | RuntimeException e) {
            return run.record().orElse(null);
        }
    }

    /**
     * Parses the flat XMI the store writes: an XML declaration, the RunRecord element with its
     * attributes and one level of empty child elements. A scanner of its own rather than StAX: a
     * Runs view opening 10,000 records right after startup runs mostly in the interpreter, where
     * the JDK's StAX parser costs ~10x this little loop.
     */
    static RunRecord parse(byte[] content) throws Unexpected {
        Scanner in = new Scanner(new String(content, java.nio.charset.StandardCharsets.UTF_8));
        in.skipWhitespace();
        if (in.startsWith("<?xml")) {
            in.skipPast("?>");
        }
        in.skipWhitespace();
        in.expect('<');
        String rootName = in.name();
        Map<String, String> rootAttributes = in.attributes();
        int colon = rootName.indexOf(':');
        String prefix = colon < 0 ? "" : rootName.substring(0, colon);
        String namespace = rootAttributes.get(prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix);
        if (!rootName.substring(colon + 1).equals("RunRecord") || !ResultsPackage.eNS_URI.equals(namespace)) {
            throw new Unexpected();
        }
        RunRecord record = (RunRecord) EcoreUtil.create(ResultsPackage.Literals.RUN_RECORD);
        set(record, rootAttributes);
        if (!in.endOfEmptyElement()) {
            while (true) {
                in.skipWhitespace();
                in.expect('<');
                if (in.peek() == '/') {
                    in.expect('/');
                    if (!in.name().equals(rootName)) {
                        throw new Unexpected();
                    }
                    in.skipWhitespace();
                    in.expect('>');
                    break;
                }
                EStructuralFeature feature = record.eClass().getEStructuralFeature(in.name());
                if (!(feature instanceof EReference reference) || !reference.isContainment() || !reference.isMany()) {
                    throw new Unexpected();
                }
                EObject child = EcoreUtil.create(reference.getEReferenceType());
                set(child, in.attributes());
                if (!in.endOfEmptyElement()) {
                    throw new Unexpected(); // children of children: not a flat record
                }
                @SuppressWarnings("unchecked")
                List<EObject> children = (List<EObject>) record.eGet(reference);
                children.add(child);
            }
        }
        in.skipWhitespace();
        if (!in.atEnd()) {
            throw new Unexpected();
        }
        return record;
    }

    private static void set(EObject object, Map<String, String> attributes) throws Unexpected {
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String name = attribute.getKey();
            if (name.startsWith("xmlns") || name.equals("xmi:version")) {
                continue;
            }
            if (name.indexOf(':') >= 0) {
                throw new Unexpected(); // xsi:type, href and the like: not the flat records of the store
            }
            EStructuralFeature feature = object.eClass().getEStructuralFeature(name);
            if (!(feature instanceof EAttribute eAttribute) || eAttribute.isMany()) {
                throw new Unexpected();
            }
            object.eSet(eAttribute, EcoreUtil.createFromString(eAttribute.getEAttributeType(), attribute.getValue()));
        }
    }

    /** Just enough XML for the store's records; anything else is {@link Unexpected}. */
    private static final class Scanner {
        private final String text;
        private int at;

        Scanner(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return at >= text.length();
        }

        char peek() throws Unexpected {
            if (atEnd()) {
                throw new Unexpected();
            }
            return text.charAt(at);
        }

        boolean startsWith(String prefix) {
            return text.startsWith(prefix, at);
        }

        void skipPast(String end) throws Unexpected {
            int found = text.indexOf(end, at);
            if (found < 0) {
                throw new Unexpected();
            }
            at = found + end.length();
        }

        void skipWhitespace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        void expect(char c) throws Unexpected {
            if (peek() != c) {
                throw new Unexpected();
            }
            at++;
        }

        String name() throws Unexpected {
            int start = at;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (!(Character.isLetterOrDigit(c) || c == ':' || c == '_' || c == '-' || c == '.')) {
                    break;
                }
                at++;
            }
            if (at == start) {
                throw new Unexpected();
            }
            return text.substring(start, at);
        }

        /** The attributes up to the end of a start tag (left before its {@code >} or {@code />}). */
        Map<String, String> attributes() throws Unexpected {
            Map<String, String> attributes = new java.util.LinkedHashMap<>();
            while (true) {
                skipWhitespace();
                char c = peek();
                if (c == '>' || c == '/') {
                    return attributes;
                }
                String name = name();
                skipWhitespace();
                expect('=');
                skipWhitespace();
                char quote = peek();
                if (quote != '"' && quote != '\'') {
                    throw new Unexpected();
                }
                at++;
                int end = text.indexOf(quote, at);
                if (end < 0) {
                    throw new Unexpected();
                }
                if (attributes.put(name, decode(text.substring(at, end))) != null) {
                    throw new Unexpected();
                }
                at = end + 1;
            }
        }

        /** True after {@code />}, false after {@code >}. */
        boolean endOfEmptyElement() throws Unexpected {
            if (peek() == '/') {
                at++;
                expect('>');
                return true;
            }
            expect('>');
            return false;
        }

        private static String decode(String value) throws Unexpected {
            if (value.indexOf('&') < 0) {
                if (value.indexOf('<') >= 0) {
                    throw new Unexpected();
                }
                return value;
            }
            StringBuilder out = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c != '&') {
                    out.append(c);
                    continue;
                }
                int semicolon = value.indexOf(';', i);
                if (semicolon < 0) {
                    throw new Unexpected();
                }
                String entity = value.substring(i + 1, semicolon);
                switch (entity) {
                    case "amp" -> out.append('&');
                    case "lt" -> out.append('<');
                    case "gt" -> out.append('>');
                    case "quot" -> out.append('"');
                    case "apos" -> out.append('\'');
                    default -> {
                        try {
                            int code = entity.startsWith("#x") ? Integer.parseInt(entity.substring(2), 16)
                                    : entity.startsWith("#") ? Integer.parseInt(entity.substring(1)) : -1;
                            if (code < 0) {
                                throw new Unexpected();
                            }
                            out.appendCodePoint(code);
                        } catch (IllegalArgumentException e) {
                            throw new Unexpected();
                        }
                    }
                }
                i = semicolon;
            }
            return out.toString();
        }
    }
}
