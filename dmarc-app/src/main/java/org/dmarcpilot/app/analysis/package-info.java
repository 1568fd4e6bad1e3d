// SPDX-License-Identifier: Apache-2.0
/**
 * What the reports mean for a domain owner: alignment recomputed from the authentication results,
 * each source classified (aligned, yours but not aligned, forwarded, spoofing, unknown) with its
 * evidence and fix, the impact a stricter policy would have, the next deployment step, and
 * summaries by day, reporter and domain. Pure logic over report model objects; the store feeds it.
 *
 * <pre>{@code
 * var analyzer = new SourceAnalyzer(new AlignmentEvaluator(PublicSuffixList.guava()::organizationalDomain),
 *     new ServiceIdentifier(SenderCatalogue.builtIn()), ip -> IpFacts.unknown(ip), OwnerMarks.none());
 * AnalysisResult result = analyzer.analyze(reports);
 * Advice advice = new DeploymentAdvisor(AdvisorThresholds.DEFAULTS).advise("example.com", result, now, null);
 * }</pre>
 */
@NullMarked
package org.dmarcpilot.app.analysis;

import org.jspecify.annotations.NullMarked;
