package io.streambert.schemas;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the schemas module's packages layered: compat <- registry <- serde, server. */
class LayeringTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.streambert.schemas");

  @Test
  void shouldNotDependOnOtherModulesWhenInSchemas() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.streambert.model..", "io.streambert.processor..", "io.streambert.trainer..")
        .check(CLASSES);
  }

  @Test
  void shouldKeepCompatibilityRulesFreeOfHttpAndKafkaWhenLayered() {
    noClasses()
        .that()
        .resideInAPackage("io.streambert.schemas.compat..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.streambert.schemas.registry..",
            "io.streambert.schemas.serde..",
            "org.apache.kafka..")
        .check(CLASSES);
  }

  @Test
  void shouldKeepRegistryFreeOfSerdeAndKafkaWhenLayered() {
    noClasses()
        .that()
        .resideInAPackage("io.streambert.schemas.registry..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.streambert.schemas.serde..", "org.apache.kafka..")
        .check(CLASSES);
  }

  @Test
  void shouldNotUseServerWhenClientOrSerde() {
    noClasses()
        .that()
        .resideInAnyPackage("io.streambert.schemas.serde..", "io.streambert.schemas.compat..")
        .or()
        .resideInAPackage("io.streambert.schemas.registry")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.streambert.schemas.registry.server..")
        .check(CLASSES);
  }
}
