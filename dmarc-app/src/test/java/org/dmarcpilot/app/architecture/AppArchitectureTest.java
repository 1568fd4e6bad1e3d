// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the app's directions (ARCHITECTURE.md): {@code app -> core}, never back; the app uses the
 * core's public surface, not its {@code internal} packages; {@code store} is the bottom of the app
 * and knows no web, cli, analysis, enrich or ingest; only {@code dns} in core speaks dnsjava.
 */
class AppArchitectureTest {
  private static JavaClasses app;

  @BeforeAll
  static void importApp() {
    app =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.dmarcpilot.app");
  }

  @Test
  void appDoesNotUseCoreInternals() {
    noClasses()
        .that()
        .resideInAPackage("org.dmarcpilot.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.dmarcpilot..internal..")
        .check(app);
  }

  @Test
  void appDoesNotUseDnsjavaDirectly() {
    noClasses()
        .that()
        .resideInAPackage("org.dmarcpilot.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.xbill.DNS..")
        .check(app);
  }

  @Test
  void storeIsTheBottomOfTheApp() {
    noClasses()
        .that()
        .resideInAPackage("org.dmarcpilot.app.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.dmarcpilot.app.cli..",
            "org.dmarcpilot.app.web..",
            "org.dmarcpilot.app.analysis..",
            "org.dmarcpilot.app.enrich..",
            "org.dmarcpilot.app.ingest..")
        .allowEmptyShould(true)
        .check(app);
  }

  @Test
  void onlyCliAndTheCompositionRootKnowTheCli() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.dmarcpilot.app.cli..", "org.dmarcpilot.app")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.dmarcpilot.app.cli..")
        .allowEmptyShould(true)
        .check(app);
  }

  @Test
  void analysisAndEnrichDoNotKnowTheWeb() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.dmarcpilot.app.analysis..",
            "org.dmarcpilot.app.enrich..",
            "org.dmarcpilot.app.ingest..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.dmarcpilot.app.web..")
        .allowEmptyShould(true)
        .check(app);
  }
}
