// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the third-party conformance data lives: {@code ../shared/corpus} unless {@code
 * -Ddmarc.corpus.dir=} says otherwise. It is never copied into this repository.
 *
 * <p>When a folder is missing, tests are skipped with a message that says so; with {@code
 * -Ddmarc.corpus.required=true} (as in CI) they fail instead.
 */
public final class Corpus {
  private Corpus() {}

  /** The corpus root as configured (it may not exist). */
  public static Path root() {
    String configured = System.getProperty("dmarc.corpus.dir");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    // run from a module directory (surefire) or from the repository root
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      Path candidate = p.resolveSibling("shared").resolve("corpus");
      if (Files.isDirectory(candidate)) {
        return candidate.normalize();
      }
    }
    return here.resolve("../../shared/corpus").normalize();
  }

  /** Whether a missing corpus fails the test run instead of skipping. */
  public static boolean required() {
    return Boolean.getBoolean("dmarc.corpus.required");
  }

  /**
   * A folder or file of the corpus; skips the calling test (or fails it when the corpus is
   * required) if it does not exist.
   */
  public static Path require(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      String msg = "conformance corpus not found at " + p + " (set -Ddmarc.corpus.dir=)";
      if (required()) {
        fail(msg + "; -Ddmarc.corpus.required=true, so this is an error");
      }
      assumeTrue(false, msg + "; skipped");
    }
    return p;
  }
}
