// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

/** The owner's verdict on a source. */
public enum OwnerMark {
  /** The owner says this source sends their mail. */
  MINE,
  /** The owner says this source is not theirs: its failing mail is abuse. */
  NOT_MINE
}
