// SPDX-License-Identifier: Apache-2.0
/**
 * The web benchmark: a bounded load loop against a server on loopback, with latency percentiles.
 */
@NullMarked
package org.dmarcpilot.benchmarks.web;

import org.jspecify.annotations.NullMarked;
