// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dmarcpilot} command line. Each job is a subcommand; this class only holds the table of
 * them and the exit-code handling.
 */
@Command(
    name = "dmarcpilot",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "DMARC Pilot: check records, read aggregate reports, monitor senders.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ShowCommand.class,
      CheckCommand.class,
      IngestCommand.class,
      ExportCommand.class,
      ServeCommand.class,
      SourcesCommand.class,
      AdviseCommand.class,
      GeoIpCommand.class,
      UsersCommand.class
    })
public final class Main implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests and for {@link #main}. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** The version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"dmarcpilot " + (v != null ? v : "development")};
    }
  }
}
