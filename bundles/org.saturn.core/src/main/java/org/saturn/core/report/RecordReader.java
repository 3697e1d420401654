package org.saturn.core.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

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

    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    /** Thrown inside for XMI this reader does not handle; the store's reader then does. */
    private static final class Unexpected extends Exception {
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
        } catch (Unexpected | XMLStreamException | RuntimeException e) {
            return run.record().orElse(null);
        }
    }

    static RunRecord parse(byte[] content) throws XMLStreamException, Unexpected {
        XMLStreamReader xml;
        synchronized (XML) {
            xml = XML.createXMLStreamReader(new ByteArrayInputStream(content));
        }
        try {
            RunRecord record = null;
            int depth = 0;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (depth == 1) {
                        if (!"RunRecord".equals(xml.getLocalName())
                                || !ResultsPackage.eNS_URI.equals(xml.getNamespaceURI())) {
                            throw new Unexpected();
                        }
                        record = (RunRecord) EcoreUtil.create(ResultsPackage.Literals.RUN_RECORD);
                        attributes(xml, record);
                    } else if (depth == 2) {
                        EStructuralFeature feature = record.eClass().getEStructuralFeature(xml.getLocalName());
                        if (!(feature instanceof EReference reference) || !reference.isContainment() || !reference.isMany()) {
                            throw new Unexpected();
                        }
                        EObject child = EcoreUtil.create(reference.getEReferenceType());
                        attributes(xml, child);
                        @SuppressWarnings("unchecked")
                        List<EObject> children = (List<EObject>) record.eGet(reference);
                        children.add(child);
                    } else {
                        throw new Unexpected();
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            if (record == null) {
                throw new Unexpected();
            }
            return record;
        } finally {
            xml.close();
        }
    }

    private static void attributes(XMLStreamReader xml, EObject object) throws Unexpected {
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            String namespace = xml.getAttributeNamespace(i);
            if (namespace != null && !namespace.isEmpty()) {
                if (xml.getAttributeLocalName(i).equals("version")) {
                    continue; // xmi:version
                }
                throw new Unexpected(); // xsi:type, href and the like: not the flat records of the store
            }
            EStructuralFeature feature = object.eClass().getEStructuralFeature(xml.getAttributeLocalName(i));
            if (!(feature instanceof EAttribute attribute) || attribute.isMany()) {
                throw new Unexpected();
            }
            object.eSet(attribute, EcoreUtil.createFromString(attribute.getEAttributeType(), xml.getAttributeValue(i)));
        }
    }
}
