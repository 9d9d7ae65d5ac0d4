/**
 * The live status page's server side: what the page at {@code /status/} polls from {@code
 * /api/status} (meters sampled over the last minutes, the latest enriched records and dead letters,
 * and every instance's serving version from the status topic).
 */
package io.streambert.processor.status;
