package org.saturn.engine.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.saturn.core.plan.RunConfig;

/** Runs that differ only by their seed form a group (aggregated as mean ± std over n seeds). */
public final class Groups {

    private Groups() {
    }

    /** {@code model/regime/xxxxxxxx}: readable, and distinct for any other difference of configuration. */
    public static String key(RunConfig config) {
        String withoutSeed = config.with(RunConfig.SEED, 0L).canonicalForm();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(withoutSeed.getBytes(StandardCharsets.UTF_8));
            return config.model() + "/" + config.regime() + "/" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
