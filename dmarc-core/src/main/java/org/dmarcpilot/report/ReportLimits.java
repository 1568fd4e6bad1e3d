// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report;

import java.util.function.Consumer;

/**
 * Every bound that keeps a hostile report harmless, in one place. Reports come from the internet:
 * each decompression, each loop over input and each buffer is bounded by one of these values, and
 * none of them can be switched off (a limit can be raised, never removed).
 *
 * <pre>{@code
 * ReportLimits limits = ReportLimits.DEFAULTS.withMaxDecompressedBytes(64L << 20);
 * }</pre>
 *
 * @param maxXmlDepth deepest element nesting in a report's XML (a report needs about 6)
 * @param maxXmlElements most elements in one report's XML
 * @param maxTextLength longest text value (characters) of one element, and longest extension kept
 *     as raw XML
 * @param maxAttributes most attributes on one element
 * @param maxDecompressedBytes most bytes one compressed payload (a gzip stream or a zip member) may
 *     expand to; the absolute cap per report
 * @param maxCompressionRatio most output bytes per input byte of a decompression, checked once
 *     {@code ratioFreeBytes} have come out
 * @param ratioFreeBytes output bytes a decompression may produce before the ratio is checked (small
 *     files of repeated text compress very well)
 * @param maxInputDecompressedBytes most bytes all decompressions of one input may produce together
 *     (a zip of many members, an mbox of many messages)
 * @param maxZipMembers most entries read from one zip archive
 * @param maxMimeParts most MIME entities (messages, multiparts and leaf parts) in one message
 * @param maxNestingDepth deepest nesting of containers: a gzip in a zip in a MIME part of a message
 *     attached to a message counts 4; multipart nesting counts too
 * @param maxMboxMessages most messages read from one mbox file
 * @param maxHeaderFields most header fields of one MIME entity
 * @param maxLineLength longest header line of a MIME entity and longest line an mbox is split on
 * @param maxIssues most distinct issues kept per report (repeats of one issue are counted, not
 *     kept)
 * @param maxBufferedRecords most records held in memory while a report's header is still incomplete
 *     (records before {@code <policy_published>})
 * @param repairableXmlBytes reports up to this size are read in memory, so that XML which is not
 *     well-formed can be repaired and read again; larger ones are read in one streaming pass
 * @param failureCopyBytes most bytes of the original input kept for the failure log when a payload
 *     fails
 * @param originalCopyBytes most bytes of a report's original (the input, or the e-mail attachment
 *     it came in) handed over with {@link PayloadOriginal}; 0 keeps none and costs nothing
 */
public record ReportLimits(
    int maxXmlDepth,
    long maxXmlElements,
    int maxTextLength,
    int maxAttributes,
    long maxDecompressedBytes,
    int maxCompressionRatio,
    long ratioFreeBytes,
    long maxInputDecompressedBytes,
    int maxZipMembers,
    int maxMimeParts,
    int maxNestingDepth,
    int maxMboxMessages,
    int maxHeaderFields,
    int maxLineLength,
    int maxIssues,
    int maxBufferedRecords,
    int repairableXmlBytes,
    int failureCopyBytes,
    int originalCopyBytes) {

  private static final int MIB = 1 << 20;

  /** Default {@link #maxXmlDepth}: {@value}. */
  public static final int DEFAULT_MAX_XML_DEPTH = 32;

  /** Default {@link #maxXmlElements}: {@value} (about 2.5 million records). */
  public static final long DEFAULT_MAX_XML_ELEMENTS = 50_000_000L;

  /** Default {@link #maxTextLength}: {@value} characters. */
  public static final int DEFAULT_MAX_TEXT_LENGTH = 1 << 20;

  /** Default {@link #maxAttributes}: {@value}. */
  public static final int DEFAULT_MAX_ATTRIBUTES = 64;

  /** Default {@link #maxDecompressedBytes}: {@value} (256 MiB). */
  public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 256L << 20;

  /** Default {@link #maxCompressionRatio}: {@value}. */
  public static final int DEFAULT_MAX_COMPRESSION_RATIO = 200;

  /** Default {@link #ratioFreeBytes}: {@value} (1 MiB). */
  public static final long DEFAULT_RATIO_FREE_BYTES = 1L << 20;

  /** Default {@link #maxInputDecompressedBytes}: {@value} (1 GiB). */
  public static final long DEFAULT_MAX_INPUT_DECOMPRESSED_BYTES = 1L << 30;

  /** Default {@link #maxZipMembers}: {@value}. */
  public static final int DEFAULT_MAX_ZIP_MEMBERS = 1000;

  /** Default {@link #maxMimeParts}: {@value}. */
  public static final int DEFAULT_MAX_MIME_PARTS = 1000;

  /** Default {@link #maxNestingDepth}: {@value}. */
  public static final int DEFAULT_MAX_NESTING_DEPTH = 10;

  /** Default {@link #maxMboxMessages}: {@value}. */
  public static final int DEFAULT_MAX_MBOX_MESSAGES = 100_000;

  /** Default {@link #maxHeaderFields}: {@value}. */
  public static final int DEFAULT_MAX_HEADER_FIELDS = 2000;

  /** Default {@link #maxLineLength}: {@value} bytes. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 1 << 20;

  /** Default {@link #maxIssues}: {@value}. */
  public static final int DEFAULT_MAX_ISSUES = 1000;

  /** Default {@link #maxBufferedRecords}: {@value}. */
  public static final int DEFAULT_MAX_BUFFERED_RECORDS = 100_000;

  /**
   * Default {@link #repairableXmlBytes}: {@value} (4 MiB). Malformed reports come from small
   * reporters; the repair holds the document about eight times over (bytes, decoded text, repaired
   * text), so this keeps a hostile document under 64 MiB of heap.
   */
  public static final int DEFAULT_REPAIRABLE_XML_BYTES = 4 * MIB;

  /** Default {@link #failureCopyBytes}: {@value} (10 MiB). */
  public static final int DEFAULT_FAILURE_COPY_BYTES = 10 * MIB;

  /**
   * Default {@link #originalCopyBytes}: {@value}, originals are not kept unless asked for (a
   * library reading reports does not pay for copies it does not use).
   */
  public static final int DEFAULT_ORIGINAL_COPY_BYTES = 0;

  /** The defaults, each named by a {@code DEFAULT_} constant. */
  public static final ReportLimits DEFAULTS =
      new ReportLimits(
          DEFAULT_MAX_XML_DEPTH,
          DEFAULT_MAX_XML_ELEMENTS,
          DEFAULT_MAX_TEXT_LENGTH,
          DEFAULT_MAX_ATTRIBUTES,
          DEFAULT_MAX_DECOMPRESSED_BYTES,
          DEFAULT_MAX_COMPRESSION_RATIO,
          DEFAULT_RATIO_FREE_BYTES,
          DEFAULT_MAX_INPUT_DECOMPRESSED_BYTES,
          DEFAULT_MAX_ZIP_MEMBERS,
          DEFAULT_MAX_MIME_PARTS,
          DEFAULT_MAX_NESTING_DEPTH,
          DEFAULT_MAX_MBOX_MESSAGES,
          DEFAULT_MAX_HEADER_FIELDS,
          DEFAULT_MAX_LINE_LENGTH,
          DEFAULT_MAX_ISSUES,
          DEFAULT_MAX_BUFFERED_RECORDS,
          DEFAULT_REPAIRABLE_XML_BYTES,
          DEFAULT_FAILURE_COPY_BYTES,
          DEFAULT_ORIGINAL_COPY_BYTES);

  /**
   * Checks that every limit is positive.
   *
   * @throws IllegalArgumentException if a limit is zero or negative, or the ratio is below 1
   */
  public ReportLimits {
    positive(maxXmlDepth, "maxXmlDepth");
    positive(maxXmlElements, "maxXmlElements");
    positive(maxTextLength, "maxTextLength");
    positive(maxAttributes, "maxAttributes");
    positive(maxDecompressedBytes, "maxDecompressedBytes");
    positive(maxCompressionRatio, "maxCompressionRatio");
    positive(ratioFreeBytes, "ratioFreeBytes");
    positive(maxInputDecompressedBytes, "maxInputDecompressedBytes");
    positive(maxZipMembers, "maxZipMembers");
    positive(maxMimeParts, "maxMimeParts");
    positive(maxNestingDepth, "maxNestingDepth");
    positive(maxMboxMessages, "maxMboxMessages");
    positive(maxHeaderFields, "maxHeaderFields");
    positive(maxLineLength, "maxLineLength");
    positive(maxIssues, "maxIssues");
    positive(maxBufferedRecords, "maxBufferedRecords");
    positive(repairableXmlBytes, "repairableXmlBytes");
    positive(failureCopyBytes, "failureCopyBytes");
    if (originalCopyBytes < 0) {
      throw new IllegalArgumentException(
          "originalCopyBytes must not be negative: " + originalCopyBytes);
    }
  }

  private static void positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  /** A copy with another {@link #maxXmlDepth}. */
  public ReportLimits withMaxXmlDepth(int value) {
    return edit(e -> e.maxXmlDepth = value);
  }

  /** A copy with another {@link #maxXmlElements}. */
  public ReportLimits withMaxXmlElements(long value) {
    return edit(e -> e.maxXmlElements = value);
  }

  /** A copy with another {@link #maxTextLength}. */
  public ReportLimits withMaxTextLength(int value) {
    return edit(e -> e.maxTextLength = value);
  }

  /** A copy with another {@link #maxDecompressedBytes}. */
  public ReportLimits withMaxDecompressedBytes(long value) {
    return edit(e -> e.maxDecompressedBytes = value);
  }

  /** A copy with another {@link #maxCompressionRatio}. */
  public ReportLimits withMaxCompressionRatio(int value) {
    return edit(e -> e.maxCompressionRatio = value);
  }

  /** A copy with another {@link #maxZipMembers}. */
  public ReportLimits withMaxZipMembers(int value) {
    return edit(e -> e.maxZipMembers = value);
  }

  /** A copy with another {@link #maxMboxMessages}. */
  public ReportLimits withMaxMboxMessages(int value) {
    return edit(e -> e.maxMboxMessages = value);
  }

  /** A copy with another {@link #repairableXmlBytes}. */
  public ReportLimits withRepairableXmlBytes(int value) {
    return edit(e -> e.repairableXmlBytes = value);
  }

  /** A copy with another {@link #failureCopyBytes}. */
  public ReportLimits withFailureCopyBytes(int value) {
    return edit(e -> e.failureCopyBytes = value);
  }

  /** A copy with another {@link #originalCopyBytes} (0 keeps no originals). */
  public ReportLimits withOriginalCopyBytes(int value) {
    return edit(e -> e.originalCopyBytes = value);
  }

  private ReportLimits edit(Consumer<Editor> change) {
    Editor editor = new Editor(this);
    change.accept(editor);
    return editor.build();
  }

  /** The limits as mutable fields, for the copy-with methods. */
  private static final class Editor {
    private int maxXmlDepth;
    private long maxXmlElements;
    private int maxTextLength;
    private int maxAttributes;
    private long maxDecompressedBytes;
    private int maxCompressionRatio;
    private long ratioFreeBytes;
    private long maxInputDecompressedBytes;
    private int maxZipMembers;
    private int maxMimeParts;
    private int maxNestingDepth;
    private int maxMboxMessages;
    private int maxHeaderFields;
    private int maxLineLength;
    private int maxIssues;
    private int maxBufferedRecords;
    private int repairableXmlBytes;
    private int failureCopyBytes;
    private int originalCopyBytes;

    Editor(ReportLimits limits) {
      maxXmlDepth = limits.maxXmlDepth;
      maxXmlElements = limits.maxXmlElements;
      maxTextLength = limits.maxTextLength;
      maxAttributes = limits.maxAttributes;
      maxDecompressedBytes = limits.maxDecompressedBytes;
      maxCompressionRatio = limits.maxCompressionRatio;
      ratioFreeBytes = limits.ratioFreeBytes;
      maxInputDecompressedBytes = limits.maxInputDecompressedBytes;
      maxZipMembers = limits.maxZipMembers;
      maxMimeParts = limits.maxMimeParts;
      maxNestingDepth = limits.maxNestingDepth;
      maxMboxMessages = limits.maxMboxMessages;
      maxHeaderFields = limits.maxHeaderFields;
      maxLineLength = limits.maxLineLength;
      maxIssues = limits.maxIssues;
      maxBufferedRecords = limits.maxBufferedRecords;
      repairableXmlBytes = limits.repairableXmlBytes;
      failureCopyBytes = limits.failureCopyBytes;
      originalCopyBytes = limits.originalCopyBytes;
    }

    ReportLimits build() {
      return new ReportLimits(
          maxXmlDepth,
          maxXmlElements,
          maxTextLength,
          maxAttributes,
          maxDecompressedBytes,
          maxCompressionRatio,
          ratioFreeBytes,
          maxInputDecompressedBytes,
          maxZipMembers,
          maxMimeParts,
          maxNestingDepth,
          maxMboxMessages,
          maxHeaderFields,
          maxLineLength,
          maxIssues,
          maxBufferedRecords,
          repairableXmlBytes,
          failureCopyBytes,
          originalCopyBytes);
    }
  }
}
