/**
 * Replays dead letters: reads a range of the dead-letter topic and produces each selected record's
 * original key and value bytes to the input topic again, after the cause was fixed.
 */
package io.streambert.processor.replay;
