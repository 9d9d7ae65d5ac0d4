package io.streambert.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** What the outage tests ask a processor child: its {@code /ready}, and its results. */
final class OutageChecks {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private OutageChecks() {}

  /** {@code STATUS BODY} of {@code /ready}, or {@code none} while nothing listens. */
  static String ready(int port) throws InterruptedException {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + " " + r.body().strip();
    } catch (IOException e) {
      return "none " + e;
    }
  }

  /** Polls {@code /ready} for up to a minute until it answers with {@code wanted} first. */
  static void awaitReady(ProcessorProcess child, int port, String wanted) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    String answer = "";
    while (!answer.startsWith(wanted) && System.nanoTime() < deadline) {
      answer = ready(port);
      Thread.sleep(100);
    }
    assertThat(answer).as("/ready; output:%n%s", child.outputTail()).startsWith(wanted);
  }

  /** Reads outputs until every id in {@code ids} has results on both topics, or fails. */
  static void awaitResults(
      PipelineOutputs outputs, ProcessorProcess child, List<String> ids, Duration timeout) {
    boolean complete =
        outputs.pollUntil(
            () ->
                outputs.sentimentCountsByEventId().keySet().containsAll(ids)
                    && outputs.entityCountsByEventId().keySet().containsAll(ids),
            timeout,
            Duration.ZERO);
    assertThat(complete)
        .as(
            "results for %d inputs: %d sentiment, %d entity, %d dead letters; output:%n%s",
            ids.size(),
            outputs.sentimentCountsByEventId().size(),
            outputs.entityCountsByEventId().size(),
            outputs.deadLetters().size(),
            child.outputTail())
        .isTrue();
  }
}
