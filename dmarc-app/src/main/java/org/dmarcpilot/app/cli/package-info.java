// SPDX-License-Identifier: Apache-2.0
/** The picocli commands of {@code dmarcpilot}: thin, each calls one service of the app. */
@NullMarked
package org.dmarcpilot.app.cli;

import org.jspecify.annotations.NullMarked;
