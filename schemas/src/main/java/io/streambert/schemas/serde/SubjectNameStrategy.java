package io.streambert.schemas.serde;

/** Names the registry subject under which a topic's key or value schema is registered. */
@FunctionalInterface
public interface SubjectNameStrategy {

  /** Confluent's default: {@code <topic>-key} or {@code <topic>-value}. */
  SubjectNameStrategy TOPIC_NAME = (topic, isKey) -> topic + (isKey ? "-key" : "-value");

  /** Returns the subject for the key ({@code isKey}) or value schema of {@code topic}. */
  String subject(String topic, boolean isKey);
}
