// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code dmarcpilot} in a child JVM, as the launcher runs it, its output going to a log file. */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * The command {@code dmarcpilot ARGS...} with a 256 MiB heap, output and errors to {@code log}.
   */
  static ProcessBuilder dmarcpilot(Path log, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
  }
}
