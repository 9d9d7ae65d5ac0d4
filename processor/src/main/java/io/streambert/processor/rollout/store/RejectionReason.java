package io.streambert.processor.rollout.store;

/**
 * Why a release was rejected; the name starts the {@code reason} of a rejected {@code ModelStatus}.
 */
public enum RejectionReason {
  /** The bundle URI is outside every trusted prefix; nothing was fetched. */
  UNTRUSTED_URI,
  /** The bundle URI has a scheme no store handles (only file, http, https). */
  UNSUPPORTED_SCHEME,
  /** The store could not deliver the bundle (outage after retries, 404, refused). */
  FETCH_FAILED,
  /** The download is larger than the configured cap. */
  DOWNLOAD_TOO_LARGE,
  /** The downloaded bytes do not have the SHA-256 the release names. */
  SHA256_MISMATCH,
  /** The bundle is not a readable zip. */
  BAD_ARCHIVE,
  /** A zip entry has an absolute path, a {@code ..} segment, an odd name, or is a link. */
  UNSAFE_ARCHIVE,
  /** The zip has more entries or more unpacked bytes than the configured caps. */
  ARCHIVE_TOO_LARGE,
  /** The unpacked bundle holds a file its manifest does not list. */
  UNEXPECTED_FILE,
  /** A trusted public key is configured and the bundle carries no manifest signature. */
  SIGNATURE_MISSING,
  /** The manifest signature does not verify with the trusted public key. */
  SIGNATURE_INVALID,
  /** The manifest, a file checksum, or the ONNX graph's inputs and outputs are wrong. */
  BUNDLE_INVALID,
  /** The release record contradicts the bundle's manifest (version, tasks, labels). */
  RELEASE_MISMATCH,
  /** The model could not be loaded (ONNX Runtime or tokenizer refused it). */
  LOAD_FAILED,
  /** The warm-up pass failed. */
  WARMUP_FAILED,
  /** The loaded model does not reproduce the manifest's golden examples. */
  GOLDEN_MISMATCH
}
