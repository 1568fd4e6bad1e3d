// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.dmarcpilot.app.store.Provenance;

/**
 * One input to ingest: a file, a message file of a Maildir, an mbox file, an IMAP message or an
 * upload. Its bytes are read when a parser thread takes it, not before.
 */
public abstract class InputUnit {
  private final String name;
  private final Provenance provenance;

  /**
   * @param name the name the parser reports positions against (a path, a message id)
   * @param provenance where it came from, for the store
   */
  protected InputUnit(String name, Provenance provenance) {
    this.name = Objects.requireNonNull(name, "name");
    this.provenance = Objects.requireNonNull(provenance, "provenance");
  }

  /** The input's name. */
  public final String name() {
    return name;
  }

  /** Where it came from. */
  public final Provenance provenance() {
    return provenance;
  }

  /** Opens the bytes; the caller closes the stream. */
  public abstract InputStream open() throws IOException;

  /**
   * The size of the input in bytes when it is known without reading (a file's size), or -1. The
   * reader sizes its buffer by it; a wrong hint costs a copy, nothing else.
   */
  public long sizeHint() {
    return -1;
  }

  /**
   * Called on the writer thread after the transaction that holds this input's reports and failures
   * has committed. IMAP moves the message here; nothing else may be slow.
   *
   * @param outcome what became of the input
   */
  public void committed(InputOutcome outcome) {}

  /**
   * Called when the ingest ends without committing this input (it stopped on a store failure or was
   * cancelled). The input must stay where it is, to be read again.
   */
  public void abandoned() {}

  @Override
  public String toString() {
    return name;
  }
}
