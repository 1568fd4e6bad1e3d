// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package directions of the core (ARCHITECTURE.md): {@code check -> report -> policy ->
 * dkim, spf -> dns}; {@code mail} is used by the verifier; only {@code dns} imports dnsjava; the
 * core knows nothing of the app.
 */
class ArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.dmarcpilot");
  }

  @Test
  void coreNeverUsesApp() {
    noClasses()
        .that()
        .resideInAPackage("org.dmarcpilot..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.dmarcpilot.app..")
        .allowEmptyShould(true)
        .check(core);
  }

  @Test
  void onlyDnsImportsDnsjava() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.dmarcpilot.dns..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.xbill.DNS..")
        .check(core);
  }

  @Test
  void dnsIsTheBottom() {
    noClasses()
        .that()
        .resideInAPackage("org.dmarcpilot.dns..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.dmarcpilot.spf..",
            "org.dmarcpilot.dkim..",
            "org.dmarcpilot.policy..",
            "org.dmarcpilot.report..",
            "org.dmarcpilot.check..",
            "org.dmarcpilot.mail..")
        .allowEmptyShould(true)
        .check(core);
  }

  @Test
  void spfAndDkimDoNotKnowPolicyReportOrCheck() {
    noClasses()
        .that()
        .resideInAnyPackage("org.dmarcpilot.spf..", "org.dmarcpilot.dkim..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.dmarcpilot.policy..", "org.dmarcpilot.report..", "org.dmarcpilot.check..")
        .allowEmptyShould(true)
        .check(core);
  }

  @Test
  void policyDoesNotKnowReportOrCheck() {
    noClasses()
        .that()
        .resideInAPackage("org.dmarcpilot.policy..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.dmarcpilot.report..", "org.dmarcpilot.check..")
        .check(core);
  }

  @Test
  void reportDoesNotKnowCheck() {
    noClasses()
        .that()
        .resideInAPackage("org.dmarcpilot.report..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.dmarcpilot.check..")
        .check(core);
  }
}
