package org.saturn.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.impl.ResourceImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.saturn.core.results.ResultsPackage;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.StoreException;
import org.saturn.core.store.StoreWarnings;

/**
 * Reads run records fast enough to list 10,000 runs: one pass over the bytes of the flat XMI the
 * store writes (a RunRecord element, its attributes, one level of empty contained elements). The
 * Runs tree takes a {@link RunRow} straight from that pass, without building the EMF record; the
 * record itself, when asked for, is built by the same pass setting features reflectively through
 * the results model. EMF's XMI loader costs milliseconds per file (a parser per resource); a row
 * costs microseconds, and little code, which matters because a Runs view opening 10,000 records
 * right after startup runs it mostly in the interpreter. Anything it does not expect goes to the
 * store's own reader, so the result is always what the store would read.
 */
final class RecordReader {

    /** Thrown inside for XMI this reader does not handle; the store's reader then does. */
    static final class Unexpected extends Exception {
        private static final long serialVersionUID = 1L;

        Unexpected() {
            super(null, null, false, false);
        }
    }

    private static final byte[] PARAMETERS = Xmi.ascii("parameters");
    private static final byte[] SUMMARIES = Xmi.ascii("summaries");

    // the record's attributes, by their index in RECORD_ATTRIBUTES
    private static final int RUN_ID = 0, STUDY = 1, GROUP = 2, MODEL = 3, REGIME = 4, SEED = 5, STATUS = 6, STEP = 7,
            TOTAL_STEPS = 8, CHECKPOINT_STEP = 9, BEST_STEP = 10, OPTIMAL_LOSS = 11, LOSS_CONVENTION = 12,
            STARTED_AT = 13, UPDATED_AT = 14, MESSAGE = 15;
    private static final byte[][] RECORD_ATTRIBUTES = Xmi.names("runId", "study", "group", "model", "regime", "seed",
            "status", "step", "totalSteps", "checkpointStep", "bestStep", "optimalLoss", "lossConvention", "startedAt",
            "updatedAt", "message");
    private static final int METRIC = 0, AT_BEST = 1, MAX = 2;
    private static final byte[][] SUMMARY_ATTRIBUTES = Xmi.names("metric", "atBest", "max", "min", "last");
    private static final int KEY = 0;
    private static final byte[][] PARAMETER_ATTRIBUTES = Xmi.names("key", "value");
    /** The tree's own metrics: their names as these constants (no copy per row, compared by identity first). */
    private static final String[] KNOWN_METRICS = { StudyReport.TEST_LOSS, RunRow.ID_R1, RunRow.OOD_R1 };
    private static final byte[][] KNOWN_METRIC_NAMES = Xmi.names(KNOWN_METRICS);

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
        return record(run, content);
    }

    /**
     * The record of these bytes (read from the run's record.xmi), remembering its file; XMI this
     * reader does not expect goes to the store's reader (which reads the file again).
     */
    static RunRecord record(RunDirectory run, byte[] content) {
        try {
            RunRecord record = parse(content);
            // like a record the store loads, it remembers its file: a GroupRow of such records leads
            // other views (Saturation) back to the runs' folders
            new ResourceImpl(URI.createFileURI(run.path().resolve(RunDirectory.RECORD).toAbsolutePath().toString()))
                    .getContents().add(record);
            return record;
        } catch (Unexpected | RuntimeException e) {
            return storeRecord(run);
        }
    }

    /** The store's reading of the run's record; a damaged one is skipped with one warning (null). */
    private static RunRecord storeRecord(RunDirectory run) {
        try {
            return run.record().orElse(null);
        } catch (StoreException e) {
            StoreWarnings.skipped(run.path().resolve(RunDirectory.RECORD), e.getMessage());
            return null;
        }
    }

    /**
     * The Runs tree's row of a run from its record's bytes, without the EMF record. XMI this
     * reader does not expect goes to the store's reader (the row is then made from the record it
     * reads); null when the run has no record (any more).
     */
    static RunRow row(RunDirectory run, byte[] content) {
        try {
            return scanRow(run, content);
        } catch (Unexpected | RuntimeException e) {
            RunRecord record = storeRecord(run);
            return record == null ? null : RunRow.of(run, record);
        }
    }

    /** A record's parameters as keys and values, alternating; null for XMI this reader does not expect. */
    static String[] parameters(byte[] content) {
        try {
            Xmi in = new Xmi(content);
            in.root();
            while (in.attribute()) {
                // the row was scanned from these bytes already
            }
            List<String> keysAndValues = new java.util.ArrayList<>();
            if (!in.endOfStartTag()) {
                while (in.child()) {
                    boolean parameter = in.nameIs(PARAMETERS);
                    String key = null;
                    String value = null;
                    while (in.attribute()) {
                        if (parameter) {
                            if (in.nameIn(PARAMETER_ATTRIBUTES) == KEY) {
                                key = in.text();
                            } else {
                                value = in.text();
                            }
                        }
                    }
                    if (parameter) {
                        keysAndValues.add(key);
                        keysAndValues.add(value);
                    }
                    in.endOfStartTag();
                }
            }
            return keysAndValues.toArray(new String[0]);
        } catch (Unexpected | RuntimeException e) {
            return null;
        }
    }

    /** The row of a flat record: each attribute once, absent ones at EMF's defaults (what the record would say). */
    static RunRow scanRow(RunDirectory run, byte[] content) throws Unexpected {
        Xmi in = new Xmi(content);
        in.root();
        String study = null;
        String group = null;
        String model = null;
        String regime = null;
        long seed = 0;
        RunStatus status = RunStatus.PLANNED;
        long step = 0;
        long totalSteps = 0;
        int[] numbers = new int[2 + 4 * 4];
        numbers[0] = -1;
        String updatedAt = null;
        String message = null;
        int seen = 0;
        while (in.attribute()) {
            int attribute = in.nameIn(RECORD_ATTRIBUTES);
            if (attribute < 0) {
                if (!in.declaration()) {
                    throw new Unexpected();
                }
                continue;
            }
            if ((seen & 1 << attribute) != 0) {
                throw new Unexpected(); // the same attribute twice
            }
            seen |= 1 << attribute;
            switch (attribute) {
                case STUDY -> study = in.text();
                case GROUP -> group = in.text();
                case MODEL -> model = in.text();
                case REGIME -> regime = in.text();
                case SEED -> seed = in.longValue();
                case STATUS -> {
                    status = RunStatus.get(in.text());
                    if (status == null) {
                        throw new Unexpected();
                    }
                }
                case STEP -> step = in.longValue();
                case TOTAL_STEPS -> totalSteps = in.longValue();
                case CHECKPOINT_STEP, BEST_STEP -> in.longValue(); // not shown, but checked as EMF would read it
                case OPTIMAL_LOSS -> in.number(numbers, 0);
                case UPDATED_AT -> updatedAt = in.text();
                case MESSAGE -> message = in.text();
                default -> {
                    // runId (the folder names the run), lossConvention, startedAt: not shown
                }
            }
        }
        in.requireNamespace();
        int summaries = 0;
        String[] metrics = new String[4];
        if (in.endOfStartTag()) {
            in.endOfText();
        } else {
            while (in.child()) {
                boolean summary = in.nameIs(SUMMARIES);
                if (!summary && !in.nameIs(PARAMETERS)) {
                    throw new Unexpected();
                }
                if (summary && summaries == metrics.length) {
                    metrics = Arrays.copyOf(metrics, 2 * summaries);
                    numbers = Arrays.copyOf(numbers, 2 + 8 * summaries);
                }
                if (summary) {
                    numbers[2 + 4 * summaries] = -1; // at its default until the attribute says otherwise
                    numbers[4 + 4 * summaries] = -1;
                }
                int seenOfChild = 0;
                while (in.attribute()) {
                    int attribute = in.nameIn(summary ? SUMMARY_ATTRIBUTES : PARAMETER_ATTRIBUTES);
                    if (attribute < 0 || (seenOfChild & 1 << attribute) != 0) {
                        throw new Unexpected();
                    }
                    seenOfChild |= 1 << attribute;
                    if (!summary) {
                        continue; // parameters are read when a filter asks (parameters())
                    }
                    switch (attribute) {
                        case METRIC -> metrics[summaries] = metricName(in);
                        case AT_BEST -> in.number(numbers, 2 + 4 * summaries);
                        case MAX -> in.number(numbers, 4 + 4 * summaries);
                        default -> in.number(null, 0); // min, last: not shown, but checked
                    }
                }
                if (summary) {
                    summaries++;
                }
                if (!in.endOfStartTag()) {
                    throw new Unexpected(); // children of children: not a flat record
                }
            }
        }
        return new RunRow(run, study, group, model, regime, seed, status, step, totalSteps, updatedAt, message,
                Arrays.copyOf(metrics, summaries), Arrays.copyOf(numbers, 2 + 4 * summaries), content);
    }

    private static final double[] POWERS_OF_TEN = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

    /**
     * A double written as ASCII in these bytes, as EMF reads it; NaN when it does not parse. A plain
     * decimal of up to 15 digits is an exact integer over an exact power of ten, whose one IEEE
     * division rounds correctly, as Double.parseDouble does; anything else (exponents, NaN, the 17
     * digits of most losses) goes to Double.parseDouble.
     */
    static double number(byte[] b, int start, int end) {
        int i = start;
        boolean negative = i < end && b[i] == '-';
        if (negative) {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = -1;
        for (; i < end && digits <= 15; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                mantissa = 10 * mantissa + (c - '0');
                digits++;
                if (fractionDigits >= 0) {
                    fractionDigits++;
                }
            } else if (c == '.' && fractionDigits < 0) {
                fractionDigits = 0;
            } else {
                digits = 16; // not a plain decimal
            }
        }
        if (digits == 0 || digits > 15 || fractionDigits == 0) {
            try {
                return Double.parseDouble(new String(b, start, end - start, StandardCharsets.ISO_8859_1));
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        double value = fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits] : mantissa;
        return negative ? -value : value;
    }

    private static String metricName(Xmi in) throws Unexpected {
        int known = in.valueIn(KNOWN_METRIC_NAMES);
        return known >= 0 ? KNOWN_METRICS[known] : in.text();
    }

    /**
     * Parses the flat XMI the store writes into the EMF record: an XML declaration, the RunRecord
     * element with its attributes and one level of empty child elements, features set reflectively.
     */
    static RunRecord parse(byte[] content) throws Unexpected {
        Xmi in = new Xmi(content);
        in.root();
        RunRecord record = (RunRecord) EcoreUtil.create(ResultsPackage.Literals.RUN_RECORD);
        Set<String> seen = new HashSet<>();
        while (in.attribute()) {
            if (!in.declaration()) {
                set(record, in, seen);
            }
        }
        in.requireNamespace();
        if (in.endOfStartTag()) {
            in.endOfText();
        } else {
            while (in.child()) {
                EStructuralFeature feature = record.eClass().getEStructuralFeature(in.name());
                if (!(feature instanceof EReference reference) || !reference.isContainment() || !reference.isMany()) {
                    throw new Unexpected();
                }
                EObject child = EcoreUtil.create(reference.getEReferenceType());
                seen.clear();
                while (in.attribute()) {
                    set(child, in, seen);
                }
                if (!in.endOfStartTag()) {
                    throw new Unexpected(); // children of children: not a flat record
                }
                @SuppressWarnings("unchecked")
                List<EObject> children = (List<EObject>) record.eGet(reference);
                children.add(child);
            }
        }
        return record;
    }

    private static void set(EObject object, Xmi in, Set<String> seen) throws Unexpected {
        String name = in.name();
        if (name.indexOf(':') >= 0 || !seen.add(name)) {
            throw new Unexpected(); // xsi:type, href and the like (not the flat records of the store), or twice
        }
        EStructuralFeature feature = object.eClass().getEStructuralFeature(name);
        if (!(feature instanceof EAttribute attribute) || attribute.isMany()) {
            throw new Unexpected();
        }
        object.eSet(attribute, EcoreUtil.createFromString(attribute.getEAttributeType(), in.text()));
    }

    /**
     * Just enough XML for the store's records, on the bytes (ASCII in every record the store
     * writes; other text is decoded as UTF-8); anything else is {@link Unexpected}. It walks: the
     * root's start tag ({@link #root}), the attributes of the current start tag one at a time
     * ({@link #attribute}: its name and value are then at hand), the end of that tag, the root's
     * children ({@link #child}) and its end tag.
     */
    private static final class Xmi {
        private static final byte[] RUN_RECORD = ascii("RunRecord");

        private final byte[] b;
        private int at;
        private int rootStart;
        private int rootEnd;
        /** The end of the root's prefix ({@code results} of {@code results:RunRecord}); rootStart when it has none. */
        private int prefixEnd;
        private boolean namespaced;
        private int nameStart;
        private int nameEnd;
        private int valueStart;
        private int valueEnd;
        /** The value has entities or non-ASCII bytes: it must be decoded. */
        private boolean escaped;

        Xmi(byte[] content) {
            this.b = content;
        }

        /** Past the XML declaration and the root's name, which must be [prefix:]RunRecord. */
        void root() throws Unexpected {
            skipWhitespace();
            if (startsWith("<?xml")) {
                while (!(peek() == '?' && at + 1 < b.length && b[at + 1] == '>')) {
                    at++;
                }
                at += 2;
            }
            skipWhitespace();
            expect('<');
            rootStart = at;
            rootEnd = scanName();
            prefixEnd = rootStart;
            while (prefixEnd < rootEnd && b[prefixEnd] != ':') {
                prefixEnd++;
            }
            int localStart = prefixEnd < rootEnd ? prefixEnd + 1 : rootStart;
            if (prefixEnd == rootEnd) {
                prefixEnd = rootStart;
            }
            if (!equal(localStart, rootEnd, RUN_RECORD)) {
                throw new Unexpected();
            }
        }

        /** The next attribute of the current start tag (its name and value then at hand), or false at the tag's end. */
        boolean attribute() throws Unexpected {
            skipWhitespace();
            byte c = peek();
            if (c == '>' || c == '/') {
                return false;
            }
            nameStart = at;
            nameEnd = scanName();
            skipWhitespace();
            expect('=');
            skipWhitespace();
            byte quote = peek();
            if (quote != '"' && quote != '\'') {
                throw new Unexpected();
            }
            int i = ++at;
            boolean needsDecoding = false;
            while (true) {
                if (i >= b.length) {
                    throw new Unexpected();
                }
                byte v = b[i];
                if (v == quote) {
                    break;
                }
                if (v == '<') {
                    throw new Unexpected();
                }
                needsDecoding |= v == '&' || v < 0;
                i++;
            }
            valueStart = at;
            valueEnd = i;
            escaped = needsDecoding;
            at = i + 1;
            return true;
        }

        /**
         * Takes the current root attribute if it is a namespace declaration (the root's own must
         * be the results package) or {@code xmi:version}; anything else with a prefix is not a
         * record the store wrote.
         */
        boolean declaration() throws Unexpected {
            int length = nameEnd - nameStart;
            if (length == 11 && nameIs("xmi:version")) {
                return true;
            }
            if (length >= 5 && nameIs("xmlns") && (length == 5 || b[nameStart + 5] == ':')) {
                boolean ofRoot = length == 5 ? prefixEnd == rootStart
                        : same(nameStart + 6, nameEnd, rootStart, prefixEnd) && prefixEnd > rootStart;
                if (ofRoot) {
                    if (!ResultsPackage.eNS_URI.equals(text())) {
                        throw new Unexpected();
                    }
                    namespaced = true;
                }
                return true;
            }
            for (int i = nameStart; i < nameEnd; i++) {
                if (b[i] == ':') {
                    throw new Unexpected();
                }
            }
            return false;
        }

        /** The root must be in the results namespace. */
        void requireNamespace() throws Unexpected {
            if (!namespaced) {
                throw new Unexpected();
            }
        }

        /** After the attributes: true after {@code />}, false after {@code >}. */
        boolean endOfStartTag() throws Unexpected {
            if (peek() == '/') {
                at++;
                expect('>');
                return true;
            }
            expect('>');
            return false;
        }

        /** The next child of the root (its name then at hand), or false after the root's end tag and the end of the text. */
        boolean child() throws Unexpected {
            skipWhitespace();
            expect('<');
            if (peek() != '/') {
                nameStart = at;
                nameEnd = scanName();
                return true;
            }
            int endStart = ++at;
            if (!same(endStart, scanName(), rootStart, rootEnd)) {
                throw new Unexpected();
            }
            skipWhitespace();
            expect('>');
            endOfText();
            return false;
        }

        /** Nothing but whitespace may follow the root. */
        void endOfText() throws Unexpected {
            skipWhitespace();
            if (at < b.length) {
                throw new Unexpected();
            }
        }

        boolean nameIs(byte[] name) {
            return equal(nameStart, nameEnd, name);
        }

        /** The index of the current name among these, or -1. */
        int nameIn(byte[][] names) {
            return indexIn(names, nameStart, nameEnd);
        }

        /** The index of the current value among these (as it is written, not decoded), or -1. */
        int valueIn(byte[][] values) {
            return escaped ? -1 : indexIn(values, valueStart, valueEnd);
        }

        String name() {
            return new String(b, nameStart, nameEnd - nameStart, StandardCharsets.ISO_8859_1);
        }

        String text() throws Unexpected {
            if (!escaped) {
                return new String(b, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
            }
            return decode(new String(b, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8));
        }

        /** A long as EMF reads it: digits (with a sign) here, anything else through Long.parseLong. */
        long longValue() throws Unexpected {
            int i = valueStart;
            boolean negative = i < valueEnd && b[i] == '-';
            if (negative) {
                i++;
            }
            if (escaped || i == valueEnd || valueEnd - i > 18) {
                return Long.parseLong(text());
            }
            long value = 0;
            for (; i < valueEnd; i++) {
                int digit = b[i] - '0';
                if (digit < 0 || digit > 9) {
                    return Long.parseLong(text());
                }
                value = 10 * value + digit;
            }
            return negative ? -value : value;
        }

        /**
         * Notes where the current value, a double, is (into {@code at} and the next slot; null:
         * nowhere), to be parsed by {@link RecordReader#number} when first asked for. Here only its
         * characters are checked: digits, sign, point, exponent, NaN and Infinity.
         */
        void number(int[] where, int at) throws Unexpected {
            if (escaped || valueStart == valueEnd) {
                throw new Unexpected();
            }
            for (int i = valueStart; i < valueEnd; i++) {
                byte c = b[i];
                if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'E' || c == 'e' || c == 'N'
                        || c == 'a' || c == 'I' || c == 'n' || c == 'f' || c == 'i' || c == 't' || c == 'y')) {
                    throw new Unexpected();
                }
            }
            if (where != null) {
                where[at] = valueStart;
                where[at + 1] = valueEnd;
            }
        }

        /** A name from here: letters, digits and {@code :_-.}; answers its end (where the scan is now). */
        private int scanName() throws Unexpected {
            int start = at;
            while (at < b.length) {
                byte c = b[at];
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ':' || c == '_'
                        || c == '-' || c == '.')) {
                    break;
                }
                at++;
            }
            if (at == start) {
                throw new Unexpected();
            }
            return at;
        }

        private void skipWhitespace() {
            while (at < b.length) {
                byte c = b[at];
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return;
                }
                at++;
            }
        }

        private byte peek() throws Unexpected {
            if (at >= b.length) {
                throw new Unexpected();
            }
            return b[at];
        }

        private void expect(char c) throws Unexpected {
            if (peek() != c) {
                throw new Unexpected();
            }
            at++;
        }

        private boolean startsWith(String prefix) {
            if (at + prefix.length() > b.length) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (b[at + i] != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** The current name begins with this ASCII text (the caller checked the length). */
        private boolean nameIs(String prefix) {
            for (int i = 0; i < prefix.length(); i++) {
                if (b[nameStart + i] != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private int indexIn(byte[][] names, int start, int end) {
            int length = end - start;
            for (int n = 0; n < names.length; n++) {
                byte[] name = names[n];
                if (name.length == length && name[0] == b[start] && equal(start, end, name)) {
                    return n;
                }
            }
            return -1;
        }

        private boolean equal(int start, int end, byte[] ascii) {
            if (end - start != ascii.length) {
                return false;
            }
            for (int i = 0; i < ascii.length; i++) {
                if (b[start + i] != ascii[i]) {
                    return false;
                }
            }
            return true;
        }

        private boolean same(int start, int end, int otherStart, int otherEnd) {
            if (end - start != otherEnd - otherStart) {
                return false;
            }
            for (int i = 0; i < end - start; i++) {
                if (b[start + i] != b[otherStart + i]) {
                    return false;
                }
            }
            return true;
        }

        static byte[] ascii(String text) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }

        static byte[][] names(String... names) {
            byte[][] bytes = new byte[names.length][];
            for (int i = 0; i < names.length; i++) {
                bytes[i] = ascii(names[i]);
            }
            return bytes;
        }

        /** An attribute value with its entities replaced (the five of XML and character references). */
        private static String decode(String value) throws Unexpected {
            if (value.indexOf('&') < 0) {
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
