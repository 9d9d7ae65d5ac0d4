package io.streambert.trainer.publish;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link ReleaseTopic} that checks and creates the topic with Kafka's {@link Admin} client. */
public final class AdminReleaseTopic implements ReleaseTopic {
  private static final Logger LOG = LoggerFactory.getLogger(AdminReleaseTopic.class);

  private final Admin admin;
  private final Duration timeout;

  /**
   * A topic checker using {@code admin} (owned by the caller).
   *
   * @param timeout how long each admin call may take
   */
  public AdminReleaseTopic(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  @Override
  public void ensureCompacted(String topic) {
    try {
      Set<String> names = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!names.contains(topic)) {
        create(topic);
        return;
      }
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config =
          admin
              .describeConfigs(List.of(resource))
              .all()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .get(resource);
      String policy =
          Optional.ofNullable(config.get(TopicConfig.CLEANUP_POLICY_CONFIG))
              .map(ConfigEntry::value)
              .orElse("");
      if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
        throw new PublishRefusedException(
            "expected the release topic "
                + topic
                + " to have cleanup.policy=compact, found cleanup.policy="
                + policy
                + "; processors would lose the current release after retention");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishRefusedException("interrupted while checking the topic " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new PublishRefusedException(
          "cannot check the release topic " + topic + " within " + timeout + ": " + e, e);
    }
  }

  private void create(String topic) throws InterruptedException, TimeoutException {
    NewTopic newTopic =
        new NewTopic(topic, Optional.of(1), Optional.empty())
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    try {
      admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("created the compacted release topic {}", topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        ensureCompacted(topic); // created meanwhile by someone else: check it instead
        return;
      }
      throw new PublishRefusedException("cannot create the release topic " + topic + ": " + e, e);
    }
  }
}
