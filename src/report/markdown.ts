import { groupStarted } from '../model/changes';
import { anonymization, strengthOf, violationMessage } from '../model/messages';
import { isOpenViolation, isWarning } from '../model/verdicts';
import type { ScanResult } from '../model/result';
import { endpointSource, recipientName } from '../model/endpoints';

const MAX_LISTED = 50;

/** Text that is safe inside a Markdown table cell or list item. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/([*_`[\]<>])/g, '\\$1').replace(/\r?\n/g, ' ');
}

/** A compact summary for a pull-request comment or a CI job summary. */
export function renderMarkdown(result: ScanResult): string {
  const { summary } = result;
  const names = new Map(summary.vendors.map((vendor) => [vendor.vendor, vendor.name]));
  const lines: string[] = [];
  const status = summary.violations ? `✖ ${summary.violations} violation${summary.violations === 1 ? '' : 's'}` : '✔ no violations';
  lines.push(`## piiflow: ${status}`, '');
  lines.push(`${summary.flows} SDK call site${summary.flows === 1 ? '' : 's'} to ${summary.vendors.length} vendor${summary.vendors.length === 1 ? '' : 's'}, ${summary.dataItems} personal-data item${summary.dataItems === 1 ? '' : 's'}${summary.warnings ? `, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}` : ''}${summary.suppressed ? `, ${summary.suppressed} suppressed` : ''}${summary.baselined ? `, ${summary.baselined} in the baseline` : ''}. Policy: ${result.policy ? `\`${result.policy}\`` : 'none'}.`, '');
  if (result.since) {
    lines.push(`### Against \`${escapeMarkdown(result.since.ref)}\``, '');
    if (result.since.changes.length === 0) lines.push('No new vendor, no new category for a vendor, nothing newly sent in clear.', '');
    for (const change of groupStarted(result.since.changes)) {
      const vendor = escapeMarkdown(names.get(change.vendor) ?? change.vendor);
      const categories = change.categories.map((category) => `**${category}**`).join(', ');
      const what = change.change === 'now-in-clear' ? `sends ${categories} to **${vendor}** in clear (it was anonymized)` : `starts sending ${categories} to **${vendor}**${change.change === 'new-vendor' ? ' (a new vendor)' : ''}`;
      lines.push(`- This change ${what}: ${change.at.slice(0, 5).map((at) => `\`${escapeMarkdown(at)}\``).join(', ')}`);
    }
    lines.push('');
  }
  if (summary.vendors.length) {
    lines.push('| Vendor | Calls | Categories | Violations |', '|---|---:|---|---:|');
    for (const vendor of summary.vendors) lines.push(`| ${escapeMarkdown(vendor.name)} | ${vendor.calls} | ${vendor.categories.join(', ') || '–'} | ${vendor.violations} |`);
    lines.push('');
  }
  const violations = result.flows.flatMap((flow) => flow.data.filter(isOpenViolation).map((item) => ({ flow, item })));
  if (violations.length) {
    lines.push('### Violations', '');
    for (const { flow, item } of violations.slice(0, MAX_LISTED)) {
      lines.push(`- \`${escapeMarkdown(flow.sink.file)}:${item.at.line}\` ${escapeMarkdown(violationMessage(item, flow, recipientName(flow, names.get(flow.vendor) ?? flow.vendor)))}`);
    }
    if (violations.length > MAX_LISTED) lines.push(`- … and ${violations.length - MAX_LISTED} more (see the full report)`);
    lines.push('');
  }
  const warnings = result.flows.flatMap((flow) => flow.data.filter(isWarning).map((item) => ({ flow, item })));
  if (warnings.length) {
    lines.push(`### Warnings (${warnings.length}, not failing)`, '');
    for (const { flow, item } of warnings.slice(0, MAX_LISTED)) {
      lines.push(`- \`${escapeMarkdown(flow.sink.file)}:${item.at.line}\` ${escapeMarkdown(violationMessage(item, flow, recipientName(flow, names.get(flow.vendor) ?? flow.vendor)))}`);
    }
    if (warnings.length > MAX_LISTED) lines.push(`- … and ${warnings.length - MAX_LISTED} more (see the full report)`);
    lines.push('');
  }
  if (result.selfHosted?.length) {
    lines.push('### Self-hosted endpoints (no third party)', '', '| endpoint | SDK | personal data | calls |', '|---|---|---|---|');
    for (const endpoint of result.selfHosted) {
      const categories = [...new Set(endpoint.calls.flatMap((call) => call.categories))].sort();
      const calls = endpoint.calls.slice(0, 5).map((call) => `${call.file}:${call.line}`).join(', ') + (endpoint.calls.length > 5 ? ` (+${endpoint.calls.length - 5} more)` : '');
      lines.push(`| \`${endpointSource(endpoint).replace(/[`|\\\r\n]/g, '')}\` | ${escapeMarkdown(endpoint.sdk)} | ${categories.join(', ') || '–'} | ${escapeMarkdown(calls)} |`);
    }
    lines.push('');
  }
  // Allowed, but only pseudonymized: a reviewer should know these hashes can be reversed by lookup.
  const pseudonymized = result.flows.flatMap((flow) => flow.data.filter((item) => item.anonymized && item.verdict === 'allowed' && strengthOf(item) !== 'keyed').map((item) => ({ flow, item })));
  if (pseudonymized.length) {
    lines.push(`<details><summary>Sent hashed without a secret key (${pseudonymized.length}): pseudonymized, not anonymized</summary>`, '');
    for (const { flow, item } of pseudonymized.slice(0, MAX_LISTED)) lines.push(`- \`${escapeMarkdown(flow.sink.file)}:${item.at.line}\` ${item.category} to ${escapeMarkdown(names.get(flow.vendor) ?? flow.vendor)}: ${escapeMarkdown(anonymization(item))}, ${escapeMarkdown(item.reason)}`);
    if (pseudonymized.length > MAX_LISTED) lines.push(`- … and ${pseudonymized.length - MAX_LISTED} more (see the full report)`);
    lines.push('', '</details>', '');
  }
  const suppressed = result.flows.flatMap((flow) => flow.data.filter((item) => item.suppressed).map((item) => ({ flow, item })));
  if (suppressed.length) {
    lines.push(`<details><summary>Suppressed (${suppressed.length})</summary>`, '');
    for (const { flow, item } of suppressed.slice(0, MAX_LISTED)) lines.push(`- \`${escapeMarkdown(flow.sink.file)}:${item.at.line}\` ${item.category} to ${escapeMarkdown(names.get(flow.vendor) ?? flow.vendor)}: ${escapeMarkdown(item.suppressed!.reason)}`);
    lines.push('', '</details>', '');
  }
  if (result.problems.length || result.skipped.length) {
    lines.push(`<details><summary>Problems (${result.problems.length}) and files not analysed (${result.skipped.length})</summary>`, '');
    for (const problem of result.problems) lines.push(`- \`${escapeMarkdown(problem.file)}${problem.line ? `:${problem.line}` : ''}\` ${escapeMarkdown(problem.message)}`);
    for (const skipped of result.skipped) lines.push(`- \`${escapeMarkdown(skipped.file)}\` ${escapeMarkdown(skipped.reason)}`);
    lines.push('', '</details>', '');
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
