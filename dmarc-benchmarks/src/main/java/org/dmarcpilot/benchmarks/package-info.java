// SPDX-License-Identifier: Apache-2.0
/**
 * JMH benchmarks and the end-to-end benchmark. Built by CI, never run by {@code verify}; see the
 * module's README for the commands.
 */
package org.dmarcpilot.benchmarks;
