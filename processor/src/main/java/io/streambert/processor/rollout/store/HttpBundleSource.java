package io.streambert.processor.rollout.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Bundles on an HTTP(S) server or an object store's HTTP endpoint, fetched with the JDK client.
 *
 * <p>Redirects are followed by hand, at most {@value #MAX_REDIRECTS}, and only to URIs the trusted
 * prefixes allow, so a store cannot send the processor elsewhere. HTTP 5xx and 429 count as the
 * store being unavailable (worth another try); other statuses are a refusal.
 */
final class HttpBundleSource implements BundleSource {
  static final int MAX_REDIRECTS = 3;

  private final HttpClient client;
  private final Duration readTimeout;
  private final TrustedPrefixes trusted;

  HttpBundleSource(Duration connectTimeout, Duration readTimeout, TrustedPrefixes trusted) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.readTimeout = readTimeout;
    this.trusted = trusted;
  }

  @Override
  public InputStream open(URI uri) throws IOException, BundleRejectedException {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      HttpResponse<InputStream> response = send(current);
      int status = response.statusCode();
      if (status == 200) {
        return response.body();
      }
      response.body().close();
      if (status >= 500 || status == 429) {
        throw new IOException("expected HTTP 200 from " + current + ", found " + status);
      }
      if (status >= 300 && status < 400) {
        String location = response.headers().firstValue("Location").orElse(null);
        if (location == null || hop == MAX_REDIRECTS) {
          throw new BundleRejectedException(
              RejectionReason.FETCH_FAILED,
              "expected HTTP 200 from "
                  + current
                  + " within "
                  + MAX_REDIRECTS
                  + " redirects, found "
                  + status
                  + (location == null ? " without a Location" : " to " + location));
        }
        URI next;
        try {
          next = current.resolve(location);
        } catch (IllegalArgumentException e) {
          throw new BundleRejectedException(
              RejectionReason.FETCH_FAILED,
              "expected a URI in the Location of " + current + ", found '" + location + "'",
              e);
        }
        if (!trusted.trusts(next)) {
          throw new BundleRejectedException(
              RejectionReason.UNTRUSTED_URI,
              "expected "
                  + current
                  + " to redirect under one of the trusted prefixes "
                  + trusted.prefixes()
                  + ", found a redirect to "
                  + next
                  + "; it was not followed");
        }
        current = next;
        continue;
      }
      throw new BundleRejectedException(
          RejectionReason.FETCH_FAILED, "expected HTTP 200 from " + current + ", found " + status);
    }
  }

  private HttpResponse<InputStream> send(URI uri) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(readTimeout).GET().build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while fetching " + uri);
    }
  }
}
