package io.streambert.processor.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The processor serves models; it never reaches into the trainer or a training engine. */
@AnalyzeClasses(
    packages = "io.streambert.processor",
    importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest
  static final ArchRule processorDoesNotUseTheTrainer =
      noClasses()
          .that()
          .resideInAPackage("io.streambert.processor..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.streambert.trainer..", "ai.djl.pytorch..", "ai.djl.training..");
}
