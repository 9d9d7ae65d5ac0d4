/** A small in-memory Confluent-compatible schema registry for tests and the embedded demo. */
package io.streambert.schemas.registry.server;
