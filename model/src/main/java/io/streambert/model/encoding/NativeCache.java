package io.streambert.model.encoding;

import java.nio.file.Path;

/**
 * Keeps DJL's native tokenizer library offline and in a writable cache folder.
 *
 * <p>DJL extracts {@code libtokenizers.so} from its jar into {@code DJL_CACHE_DIR} (default {@code
 * ~/.djl.ai}). The folder can be set with the system property or environment variable {@code
 * DJL_CACHE_DIR}, or {@code streambert.cache.dir} (a {@code djl} folder inside it is used).
 */
public final class NativeCache {

  private NativeCache() {}

  /** Sets {@code ai.djl.offline=true} and the cache folder unless the user set them. */
  public static synchronized void configureOffline() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
      String base = System.getProperty("streambert.cache.dir");
      if (base != null) {
        System.setProperty("DJL_CACHE_DIR", Path.of(base).resolve("djl").toString());
      }
    }
  }
}
