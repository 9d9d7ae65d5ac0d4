package io.streambert.model.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** model/ is shared by serving and training, so it stays free of both sides' frameworks. */
@AnalyzeClasses(
    packages = "io.streambert.model",
    importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest
  static final ArchRule modelDoesNotUseKafkaStreams =
      noClasses()
          .that()
          .resideInAPackage("io.streambert.model..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.kafka.streams..")
          .because("model/ is shared by the processor and the trainer");

  @ArchTest
  static final ArchRule modelDoesNotUseTheTrainingEngine =
      noClasses()
          .that()
          .resideInAPackage("io.streambert.model..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("ai.djl.pytorch..", "ai.djl.training..", "ai.djl.nn..")
          .because("serving must not load a training engine");

  @ArchTest
  static final ArchRule modelDoesNotUseProcessorOrTrainer =
      noClasses()
          .that()
          .resideInAPackage("io.streambert.model..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.streambert.processor..", "io.streambert.trainer..");

  @ArchTest
  static final ArchRule modelCarriesNoCliOrLoggingBackend =
      noClasses()
          .that()
          .resideInAPackage("io.streambert.model..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("picocli..", "ch.qos.logback..")
          .because("benchmarks and command lines live in bench/, processor/ and trainer/");
}
