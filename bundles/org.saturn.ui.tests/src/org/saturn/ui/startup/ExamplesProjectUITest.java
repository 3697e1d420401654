package org.saturn.ui.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.ui.tests.NoErrorsLoggedExtension;

/** First start of the product: the examples folder becomes a project once, and only once. */
@ExtendWith(NoErrorsLoggedExtension.class)
class ExamplesProjectUITest {

    @Test
    void importsTheExamplesFolderAsAProjectOnce() throws Exception {
        Path folder = Files.createTempDirectory("saturn-examples-").resolve("examples");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("quick-study.saturn"), "// spec\n");
        File examples = folder.toFile();
        try {
            assertTrue(ExamplesProject.importProject(examples), "first start imports the folder");
            IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("examples");
            assertTrue(project.isOpen());
            assertEquals(IPath.fromFile(examples), project.getLocation());
            assertTrue(project.getFile("quick-study.saturn").exists(), "its specs are in the workspace");
            assertTrue(project.hasNature(org.saturn.ui.builder.SaturnNature.ID), "its specs are checked by the builder");
            assertFalse(ExamplesProject.importProject(examples), "later starts leave the workspace as it is");
            project.delete(false, true, null);
        } finally {
            Files.deleteIfExists(folder.resolve(".project"));
            Files.deleteIfExists(folder.resolve("quick-study.saturn"));
            Files.deleteIfExists(folder);
            Files.deleteIfExists(folder.getParent());
        }
    }
}
