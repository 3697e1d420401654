package org.saturn.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language server as an editor sees it: a separate process speaking LSP over stdio
 * (initialize, didOpen, publishDiagnostics, completion), started the way `saturn lsp` starts it.
 */
class LanguageServerRoundTripTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void initializeOpenDiagnoseComplete(@TempDir Path workspace) throws Exception {
        Path file = workspace.resolve("broken.saturn");
        String text = """
                language L {
                  alphabet a b
                  maxLength 8
                  rule R : count(a) == count(c)
                  generate a b
                }
                model M transformer {  }
                """;
        Files.writeString(file, text);
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.eclipse.xtext.ide.server.ServerLauncher")
                .redirectError(workspace.resolve("server.log").toFile()).start();
        try {
            CompletableFuture<PublishDiagnosticsParams> diagnostics = new CompletableFuture<>();
            Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(new Client(diagnostics, file),
                    server.getInputStream(), server.getOutputStream());
            launcher.startListening();
            LanguageServer lsp = launcher.getRemoteProxy();

            InitializeParams init = new InitializeParams();
            init.setProcessId((int) ProcessHandle.current().pid());
            init.setRootUri(workspace.toUri().toString());
            init.setCapabilities(new ClientCapabilities());
            InitializeResult capabilities = lsp.initialize(init).get(60, TimeUnit.SECONDS);
            assertThat(capabilities.getCapabilities().getCompletionProvider()).isNotNull();
            assertThat(capabilities.getCapabilities().getHoverProvider()).isNotNull();
            lsp.initialized(new InitializedParams());

            String uri = file.toUri().toString();
            lsp.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
                    new TextDocumentItem(uri, "saturn", 1, text)));
            PublishDiagnosticsParams published = diagnostics.get(60, TimeUnit.SECONDS);
            assertThat(published.getDiagnostics()).anySatisfy(d -> {
                assertThat(d.getMessage()).isEqualTo("'c' is not in the alphabet of L (a b)");
                assertThat(d.getRange().getStart()).isEqualTo(new Position(3, 29));
            });

            CompletionParams completion = new CompletionParams(new TextDocumentIdentifier(uri), new Position(6, 23));
            Either<List<CompletionItem>, CompletionList> items = lsp.getTextDocumentService().completion(completion)
                    .get(60, TimeUnit.SECONDS);
            List<CompletionItem> list = items.isLeft() ? items.getLeft() : items.getRight().getItems();
            assertThat(list).extracting(CompletionItem::getLabel).contains("dModel", "heads", "layers");

            lsp.shutdown().get(30, TimeUnit.SECONDS);
            lsp.exit();
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** Collects the first non-empty diagnostics published for the file. */
    private record Client(CompletableFuture<PublishDiagnosticsParams> diagnostics, Path file)
            implements LanguageClient {

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            if (params.getUri().endsWith(file.getFileName().toString()) && !params.getDiagnostics().isEmpty()) {
                diagnostics.complete(params);
            }
        }

        @Override
        public void telemetryEvent(Object object) {
        }

        @Override
        public void showMessage(MessageParams params) {
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams params) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams params) {
        }
    }

}
