package org.saturn.ui.views.saturation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.saturn.core.plan.RunConfig;

/** The parameters RunChanceLevels takes from a run's config.json (read through RunConfig.fromJson). */
class RunChanceLevelsTest {

    private static final String LANGUAGE = "language AnBn {\n\tS -> \"a\" S \"b\" | \\e\n}";

    private static final String CONFIG = new RunConfig("S", "Tf", Map.of("language.definition", LANGUAGE,
            "language.maxLength", 256L, "optimizer.lr", 0.002, "regime", "adversarial", "seed", 1L)).toJson() + "\n";

    @Test
    void textAndNumberParameters() {
        assertEquals(LANGUAGE, RunChanceLevels.string(CONFIG, "language.definition"));
        assertEquals("256", RunChanceLevels.number(CONFIG, "language.maxLength"));
        assertEquals("0.002", RunChanceLevels.number(CONFIG, "optimizer.lr"));
    }

    @Test
    void absentOrOfAnotherTypeOrNotARunConfigIsNull() {
        assertNull(RunChanceLevels.string(CONFIG, "prompts.definition"));
        assertNull(RunChanceLevels.string(CONFIG, "language.maxLength"));
        assertNull(RunChanceLevels.number(CONFIG, "language.definition"));
        assertNull(RunChanceLevels.string("{}", "language.definition"));
        assertNull(RunChanceLevels.number("not json", "language.maxLength"));
    }
}
