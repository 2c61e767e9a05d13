package org.watchfloor.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Keeps the server's boundaries true: SQL only in {@code store}; gRPC only at the edges (service
 * classes, the token check, watch streaming, the server itself), never in feature logic.
 */
class ArchitectureTest {

  private static final JavaClasses SERVER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.watchfloor.server");

  @Test
  void onlyTheStoreTalksSql() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.watchfloor.server.store..")
        .should()
        .dependOnClassesThat(
            resideInAnyPackage("java.sql..", "javax.sql..", "org.flywaydb..", "com.zaxxer..")
                // Transaction callbacks may pass SQLException through; they write no SQL.
                .and(not(equivalentTo(SQLException.class))))
        .because("store is the only package that writes SQL")
        .check(SERVER);
  }

  @Test
  void featureLogicKnowsNoGrpc() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.watchfloor.server.rpc..", "org.watchfloor.server.change..")
        .and()
        .haveNameNotMatching(".*\\.(\\w+Service|AuthInterceptor|Broker|BrokerServer)(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.grpc..")
        .because("services validate, check the role and map errors; the logic is tested on its own")
        .check(SERVER);
  }
}
