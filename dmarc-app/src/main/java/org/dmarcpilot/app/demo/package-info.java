// SPDX-License-Identifier: Apache-2.0
/**
 * The demonstration data set of {@code dmarcpilot serve --demo}: realistic aggregate reports
 * generated from a fixed seed (several domains at different stages, known sending services,
 * forwarders, spoofers, a subdomain), built on the core report model.
 */
@NullMarked
package org.dmarcpilot.app.demo;

import org.jspecify.annotations.NullMarked;
