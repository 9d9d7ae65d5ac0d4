package io.streambert.processor.it.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Which processor instance consumes which input partition, from the consumer group's description.
 * Each instance runs with {@code kafka.client.id=<instance id>}, so Kafka Streams names its
 * consumer {@code <instance id>-StreamThread-N-consumer}.
 */
final class GroupAssignment {

  private GroupAssignment() {}

  /**
   * Returns input partition -> instance id for the group {@code applicationId}, or an empty map
   * while the group is rebalancing.
   */
  static Map<Integer, String> of(Admin admin, String applicationId, String inputTopic)
      throws Exception {
    ConsumerGroupDescription group =
        admin
            .describeConsumerGroups(java.util.List.of(applicationId))
            .describedGroups()
            .get(applicationId)
            .get(30, TimeUnit.SECONDS);
    Map<Integer, String> owners = new TreeMap<>();
    for (MemberDescription member : group.members()) {
      String client = member.clientId();
      int cut = client.indexOf("-StreamThread-");
      String instance = cut < 0 ? client : client.substring(0, cut);
      for (TopicPartition p : member.assignment().topicPartitions()) {
        if (p.topic().equals(inputTopic)) {
          owners.put(p.partition(), instance);
        }
      }
    }
    return owners;
  }
}
