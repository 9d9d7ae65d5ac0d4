package io.streambert.processor.it;

/**
 * One {@link KafkaBroker} per test JVM, started on first use and stopped when the JVM exits.
 *
 * <p>Integration tests share it to pay the broker start once; each test uses its own topic names
 * and application ids, so tests never see each other's records.
 */
public final class SharedBroker {

  private static KafkaBroker broker;

  private SharedBroker() {}

  /** Returns the JVM-wide broker, starting it on the first call. */
  public static synchronized KafkaBroker get() {
    if (broker == null) {
      KafkaBroker started = KafkaBroker.start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-broker-stop"));
      broker = started;
    }
    return broker;
  }
}
