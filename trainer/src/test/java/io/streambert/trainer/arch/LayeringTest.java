package io.streambert.trainer.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The trainer publishes through plain Kafka clients; it never depends on the processor. */
@AnalyzeClasses(
    packages = "io.streambert.trainer",
    importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest
  static final ArchRule trainerDoesNotUseKafkaStreamsOrTheProcessor =
      noClasses()
          .that()
          .resideInAPackage("io.streambert.trainer..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.kafka.streams..", "io.streambert.processor..");
}
