// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.jspecify.annotations.Nullable;

/**
 * Turns the bytes of one input into reports and failures. Implementations are thread-safe: the
 * pipeline calls them from all parser threads at once. An input that holds no report at all is a
 * failure, never silence.
 */
@FunctionalInterface
public interface InputParser {

  /**
   * Parses one input.
   *
   * @param in the input's bytes (at most the pipeline's input bound)
   * @param name the input's name, for positions in messages
   * @param sink receives each report and each failure, in order
   */
  void parse(InputStream in, String name, Sink sink);

  /**
   * Parses one input that is already in memory; the default reads it as a stream.
   *
   * @param data the input's bytes (at most the pipeline's input bound); not modified
   * @param name the input's name, for positions in messages
   * @param sink receives each report and each failure, in order
   */
  default void parse(byte[] data, String name, Sink sink) {
    parse(new ByteArrayInputStream(data), name, sink);
  }

  /** Receives what a parse finds. */
  interface Sink {
    /**
     * A report.
     *
     * @param report the report
     * @param sha256 the SHA-256 of its XML payload, lower-case hex
     * @param part where in the input it was (attachment, zip member), or null for the whole input
     * @param messageId the Message-ID of the message that carried it, or null
     */
    void report(
        AggregateReport report, String sha256, @Nullable String part, @Nullable String messageId);

    /**
     * A payload (or the whole input) that is not a usable report.
     *
     * @param reason why, naming the input and the position
     * @param problem what was wrong, without input or position: failures are grouped by it
     * @param original the original bytes of the failed unit, possibly cut
     * @param originalSize the size of the whole failed unit (at least the kept bytes)
     * @param part where in the input it was, or null
     */
    void failure(
        String reason, String problem, byte[] original, long originalSize, @Nullable String part);

    /**
     * The bytes the last {@code reports} reports arrived as: the input, or the e-mail attachment
     * that held them. Follows those reports; not told when originals are not kept.
     *
     * @param reports how many of the reports just told it holds (at least 1)
     * @param size its size in bytes
     * @param bytes the bytes (not to be modified), or null when over the limit
     * @param mediaType its content type
     * @param fileName the attachment's file name, the input's name when the original is the whole
     *     input, or null (an attachment without a name)
     */
    default void original(
        int reports,
        long size,
        byte @Nullable [] bytes,
        String mediaType,
        @Nullable String fileName) {}
  }
}
