package org.watchfloor.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the boundaries of DESIGN.md true: only {@code net} knows gRPC and the generated stubs. */
class ArchitectureTest {

  private static final JavaClasses CLIENT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.watchfloor.client");

  @Test
  void onlyNetTouchesGrpcOrGeneratedStubs() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.watchfloor.client.net..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.watchfloor.proto..", "io.grpc..")
        .because("the net package converts the contract into the client's own model records")
        .check(CLIENT);
  }
}
