// SPDX-License-Identifier: Apache-2.0
/** The composition root: configuration and the explicit wiring of the application's parts. */
@NullMarked
package org.dmarcpilot.app;

import org.jspecify.annotations.NullMarked;
