package io.streambert.processor.config;

import io.streambert.schemas.registry.RedactedUrl;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Validators of processor keys that Kafka's {@link ConfigDef} has no ready-made one for. */
final class ConfigValidators {

  private ConfigValidators() {}

  /** Validates a non-empty list of host:port pairs. */
  static final class HostList implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      List<?> hosts = (List<?>) value;
      if (hosts == null || hosts.isEmpty()) {
        throw new ConfigException(name, value, "expected at least one host:port");
      }
      for (Object h : hosts) {
        String host = String.valueOf(h);
        int colon = host.lastIndexOf(':');
        if (colon <= 0 || colon == host.length() - 1) {
          throw new ConfigException(name, value, "expected host:port, found '" + host + "'");
        }
      }
    }

    @Override
    public String toString() {
      return "host:port[,host:port...]";
    }
  }

  /** Validates an http:// or https:// URL. */
  static final class HttpUrl implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String url = value == null ? "" : value.toString().trim();
      if (!(url.startsWith("http://") || url.startsWith("https://")) || url.length() < 10) {
        // The value is shown without user:password@, which a URL may carry.
        throw new ConfigException(
            name, RedactedUrl.of(String.valueOf(value)), "expected an http:// or https:// URL");
      }
    }

    @Override
    public String toString() {
      return "http(s)://host:port";
    }
  }
}
