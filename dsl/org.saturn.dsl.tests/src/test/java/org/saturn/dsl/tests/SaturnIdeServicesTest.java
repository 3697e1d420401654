package org.saturn.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.contentassist.ContentAssistService;
import org.eclipse.xtext.ide.server.hover.IHoverService;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.junit.jupiter.api.Test;
import org.saturn.dsl.ide.SaturnIdeSetup;
import org.saturn.dsl.semantics.KeywordDocumentation;

import com.google.inject.Injector;

/** Content assist, hover, semantic highlighting and outline, through the .ide services as an LSP server uses them. */
class SaturnIdeServicesTest {

    private static final Injector IDE = new SaturnIdeSetup().createInjectorAndDoEMFRegistration();

    private static final String SPEC = """
            language AnBn {
              alphabet a b
              maxLength 16
              rule R1 "#a = #b" : count(a) == count(b)
              generate a^n b^n with n in 1..8
            }
            prompts P for AnBn { all words of length 4 over a b }
            model Tf transformer { layers 2 dModel 16 }
            protocol Short { optimizer adamw lr 2e-3 steps 100 }
            study S on AnBn with P using Short { models Tf seeds 1 }
            """;

    private XtextResource resource;
    private Document document;

    private void open(String text) throws Exception {
        XtextResourceSet resourceSet = IDE.getInstance(XtextResourceSet.class);
        resource = (XtextResource) resourceSet.createResource(URI.createURI("file:/tmp/saturn-ide-test.saturn"));
        resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null);
        document = new Document(1, text);
    }

    private List<CompletionItem> complete(String text, String marker) throws Exception {
        int offset = text.indexOf(marker);
        String clean = text.replace(marker, "");
        open(clean);
        CompletionParams params = new CompletionParams(new TextDocumentIdentifier("file:/tmp/saturn-ide-test.saturn"),
                document.getPosition(offset));
        return IDE.getInstance(ContentAssistService.class).createCompletionList(document, resource, params,
                CancelIndicator.NullImpl).getItems();
    }

    private List<String> labels(List<CompletionItem> items) {
        return items.stream().map(CompletionItem::getLabel).toList();
    }

    @Test
    void completesTheParametersOfAModelKindThatAreNotSetYet() throws Exception {
        List<CompletionItem> items = complete(SPEC.replace("dModel 16 }", "dModel 16 | }"), "|");

        assertThat(labels(items)).contains("heads", "ff", "dropout", "norm", "normEps", "positions")
                .doesNotContain("layers", "dModel", "hidden");
        assertThat(items.stream().filter(i -> i.getLabel().equals("heads")).findFirst().orElseThrow().getDetail())
                .contains("whole number").contains("default 5");
    }

    @Test
    void completesKindsAndOptimizerParameters() throws Exception {
        assertThat(labels(complete("model M | { }", "|"))).contains("transformer", "lstm", "linear", "mamba", "xlstm");
        assertThat(labels(complete(SPEC.replace("lr 2e-3 steps", "lr 2e-3 | steps"), "|")))
                .contains("weightDecay", "betas", "eps").doesNotContain("lr");
    }

    @Test
    void completesNamesInScopeAndKeywords() throws Exception {
        assertThat(labels(complete(SPEC.replace("models Tf seeds 1", "models | seeds 1"), "|"))).contains("Tf");
        assertThat(labels(complete(SPEC.replace("count(a) == count(b)", "count(a) == count(|)"), "|")))
                .contains("a", "b");
        assertThat(labels(complete(SPEC.replace("seeds 1 }", "seeds 1 | }"), "|"))).contains("vary", "metric",
                "regimes", "then");
    }

    @Test
    void completesAndDocumentsSampledSweeps() throws Exception {
        assertThat(labels(complete(SPEC.replace("seeds 1 }", "seeds 1 vary optimizer.lr over | }"), "|")))
                .contains("logUniform", "uniform");
        assertThat(labels(complete(SPEC.replace("seeds 1 }", "seeds 1 vary optimizer.lr over logUniform(1e-4..1e-2) | }"),
                "|"))).contains("samples");
        assertThat(labels(complete(SPEC.replace("seeds 1 }",
                "seeds 1 vary optimizer.lr over logUniform(1e-4..1e-2) samples 8 | }"), "|"))).contains("seed");
        String sampled = SPEC.replace("seeds 1 }", "seeds 1 vary optimizer.lr over logUniform(1e-4..1e-2) samples 8 seed 7 }");
        assertThat(hover(sampled, "logUniform")).startsWith("**logUniform**").contains("logarithm");
        assertThat(hover(sampled, "samples 8")).startsWith("**samples**");
        assertThat(hover(sampled, "seed 7")).startsWith("**seed**").contains("same run ids");
    }

    @Test
    void completesMetricQuantities() throws Exception {
        assertThat(labels(complete(SPEC.replace("seeds 1 }", "seeds 1 metric | }"), "|"))).contains("testLoss",
                "accuracy", "iclAccuracy");
    }

    @Test
    void completesAndDocumentsTheDataProtocol() throws Exception {
        assertThat(labels(complete(SPEC.replace("steps 100 }", "steps 100 | }"), "|"))).contains("train", "validate",
                "test");
        assertThat(labels(complete(SPEC.replace("steps 100 }", "steps 100 train on | }"), "|"))).contains("all");
        String fixed = "protocol P { schedule inverseSqrt warmupEpochs 2 train on all words epochs 20 }";
        assertThat(hover(fixed, "train")).contains("every word of the language up to maxLength");
        assertThat(hover(fixed, "warmupEpochs")).contains("**warmupEpochs**").contains("(epochs)");
        assertThat(hover(fixed, "epochs 20")).contains("passes over the fixed training set");
    }

    private String hover(String text, String at) throws Exception {
        open(text);
        HoverParams params = new HoverParams(new TextDocumentIdentifier("file:/tmp/saturn-ide-test.saturn"),
                document.getPosition(text.indexOf(at) + 1));
        Hover hover = IDE.getInstance(IHoverService.class).hover(document, resource, params, CancelIndicator.NullImpl);
        return hover == null ? null : hover.getContents().getRight().getValue();
    }

    @Test
    void hoverDocumentsParametersWithUnitsAndDefaults() throws Exception {
        assertThat(hover(SPEC, "dModel")).contains("**dModel**").contains("divisible by heads").contains("Default: 10");
        assertThat(hover(SPEC, "lr 2e-3")).contains("**lr**").contains("Default: 0.002");
        assertThat(hover("protocol P { schedule inverseSqrt warmup 10 steps 20 }", "warmup")).contains("(steps)");
    }

    @Test
    void hoverDocumentsKindsAndKeywords() throws Exception {
        assertThat(hover(SPEC, "transformer")).contains("causal Transformer decoder").contains("Parameters: layers");
        assertThat(hover(SPEC, "alphabet")).startsWith("**alphabet**");
        String mamba = "model M mamba { dState 8 }";
        assertThat(hover(mamba, "mamba")).contains("selective state-space").contains("Parameters: layers");
        assertThat(hover(mamba, "dState")).contains("**dState**").contains("Default: 16");
        String xlstm = "model M xlstm { slstmEvery 2 }";
        assertThat(hover(xlstm, "xlstm")).contains("sLSTM").contains("stabiliser").contains("Parameters: layers");
        assertThat(hover(xlstm, "slstmEvery")).contains("**slstmEvery**").contains("Default: 2");
        assertThat(hover(SPEC, "maxLength 16")).contains("default 64");
    }

    @Test
    void everyKeywordOfTheGrammarIsDocumented() {
        java.util.Set<String> words = org.eclipse.xtext.GrammarUtil.getAllKeywords(
                IDE.getInstance(org.eclipse.xtext.IGrammarAccess.class).getGrammar());
        List<String> undocumented = words.stream().filter(w -> w.matches("[a-zA-Z]+"))
                .filter(w -> KeywordDocumentation.of(w).isEmpty()).sorted().toList();
        // connective words are explained by the keyword that opens their statement
        assertThat(undocumented).containsOnly("by", "every", "examples", "for", "from", "includes", "excludes",
                "keep", "latest", "best", "max", "min", "last", "of", "on", "over", "pad", "patience", "prefixes",
                "queries", "saturated", "separated", "stopping", "to", "up", "using", "when", "within", "words",
                "evaluations", "after");
    }

    @Test
    void semanticHighlightingUsesStandardTokenTypes() throws Exception {
        open(SPEC);
        List<String> styles = new ArrayList<>();
        IDE.getInstance(ISemanticHighlightingCalculator.class).provideHighlightingFor(resource,
                (offset, length, ids) -> styles.add(document.getContents().substring(offset, offset + length) + ":"
                        + String.join(",", ids)), CancelIndicator.NullImpl);

        assertThat(styles).contains("AnBn:type", "Tf:class", "R1:function", "a:enumMember", "n:variable",
                "layers:property", "transformer:enum", "adamw:enum");
    }

    @Test
    void outlineListsElementsAndTheirParts() throws Exception {
        open(SPEC);
        List<DocumentSymbol> symbols = IDE.getInstance(HierarchicalDocumentSymbolService.class).getSymbols(resource,
                CancelIndicator.NullImpl);

        assertThat(symbols).extracting(DocumentSymbol::getName).containsExactly("AnBn", "P", "Tf", "Short", "S");
        assertThat(symbols.get(0).getKind()).isEqualTo(SymbolKind.Class);
        assertThat(symbols.get(0).getChildren()).extracting(DocumentSymbol::getName).contains("a", "b", "R1");
    }
}
