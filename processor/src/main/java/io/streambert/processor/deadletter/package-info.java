/**
 * The vocabulary of dead letters shared by the topology, which routes records there, and the
 * metrics, which count them per reason; a package of its own so that neither depends on the other.
 */
package io.streambert.processor.deadletter;
