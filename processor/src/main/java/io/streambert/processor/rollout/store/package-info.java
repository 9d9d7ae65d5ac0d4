/**
 * Bundle stores: fetches the bundle a release names from a trusted {@code file:} or {@code
 * http(s):} store into a local cache, verifies its SHA-256, unpacks it safely and opens it.
 *
 * <p>{@link io.streambert.processor.rollout.store.BundleFetcher} is the entry point; every refusal
 * is a {@link io.streambert.processor.rollout.store.BundleRejectedException} with a {@link
 * io.streambert.processor.rollout.store.RejectionReason}.
 */
package io.streambert.processor.rollout.store;
