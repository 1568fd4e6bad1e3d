// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dmarcpilot.testing.ReportFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library example runs, and the README shows exactly its code. */
class ReadmeExampleTest {

  @Test
  void readmeShowsTheExampleVerbatim() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    Path readme =
        Files.exists(root.resolve("README.md"))
            ? root.resolve("README.md")
            : root.getParent().resolve("README.md");
    String text = Files.readString(readme);
    int at = text.indexOf("Use the library:");
    assertThat(at).as("README section").isPositive();
    int fence = text.indexOf("```java\n", at);
    assertThat(fence).as("java block after the section").isGreaterThan(at);
    int open = fence + "```java\n".length();
    String snippet = text.substring(open, text.indexOf("```", open));

    Path source = Path.of("src/test/java/org/dmarcpilot/examples/ReadmeExample.java");
    if (!Files.exists(source)) {
      source = Path.of("dmarc-core").resolve(source);
    }
    String java = Files.readString(source);
    int body = java.indexOf("throws Exception {\n") + "throws Exception {\n".length();
    String code = java.substring(body, java.lastIndexOf("  }\n}"));

    assertThat(normalize(snippet)).isEqualTo(normalize(code));
  }

  private static String normalize(String code) {
    return code.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .reduce("", (a, b) -> a + b + "\n");
  }

  @Test
  void main_printsEachReport(@TempDir Path dir) throws Exception {
    Path zip = dir.resolve("google.com!example.com!1700000000!1700086399.zip");
    Files.write(
        zip,
        ReportFixtures.zip(
            "a.xml", ReportFixtures.utf8(ReportFixtures.report("A", 3, 4)),
            "b.xml", ReportFixtures.utf8(ReportFixtures.report("B", 1, 2))));
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      ReadmeExample.main(new String[] {zip.toString()});
    } finally {
      System.setOut(original);
    }

    assertThat(captured.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "example.net reported 12 messages for example.com%nexample.net reported 2 messages for example.com%n"
                .formatted());
  }
}
