package io.streambert.processor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps the processor's packages layered (the module rules are in {@code arch.LayeringTest}): the
 * topology sees only the {@code TextModel} abstraction, the configuration knows no streaming code,
 * only the application shell touches HTTP and the inference engine, and no two packages depend on
 * each other.
 */
class PackageLayeringTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.streambert.processor");

  @Test
  void shouldKeepThePackagesFreeOfCycles() {
    slices().matching("io.streambert.processor.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void shouldReachTokenizerAndOnnxRuntimeOnlyThroughTheModelModule() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ai.djl..", "ai.onnxruntime..")
        .check(CLASSES);
  }

  @Test
  void shouldKeepTheTopologyOnTheModelAbstractionOnly() {
    noClasses()
        .that()
        .resideInAPackage("io.streambert.processor.topology..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.streambert.model.inference..",
            "io.streambert.processor.ops..",
            "com.sun.net.httpserver..",
            "io.micrometer.prometheusmetrics..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.streambert.model.OnnxTextModel")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.streambert.model.bundle.ModelBundle")
        .check(CLASSES);
  }

  @Test
  void shouldKeepConfigurationFreeOfStreamingCode() {
    noClasses()
        .that()
        .resideInAPackage("io.streambert.processor.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.streambert.processor.topology..",
            "io.streambert.processor.ops..",
            "io.streambert.processor.serving..",
            "io.streambert.model..",
            "org.apache.kafka.streams..")
        .check(CLASSES);
  }
}
