import { groupStarted } from '../model/changes';
import type { DataItem, Flow, ScanResult } from '../model/result';
import { printable } from '../model/redact';
import { endpointSource, recipientName, selfHostedName } from '../model/endpoints';
import { anonymization } from '../model/messages';

export interface TextOptions {
  color: boolean;
  /** The folder that was scanned, as the user typed it. */
  target: string;
  /** List the imports that could not be resolved (otherwise the summary counts them). */
  verbose?: boolean;
}

interface Paint {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

function paint(enabled: boolean): Paint {
  const wrap = (open: number, close: number) => (text: string) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

/** The human report: per vendor, each call site with what it receives and the verdict. */
export function renderText(untrusted: ScanResult, options: TextOptions): string {
  // File names, keys and code come from the scanned repository: none may reach the terminal raw.
  const result = printableStrings(untrusted);
  options = { ...options, target: printable(options.target) };
  const p = paint(options.color);
  const lines: string[] = [];
  const { summary } = result;
  lines.push(
    `${p.bold('piiflow')} ${result.tool.version}: ${summary.filesScanned} file${plural(summary.filesScanned)} scanned in ${options.target}` +
      `, policy: ${result.policy ?? 'none found (no personal data may leave)'}`,
  );

  if (result.since) {
    lines.push('');
    const { ref, changes } = result.since;
    if (changes.length === 0) lines.push(p.green(`Against ${ref}: no new vendor, no new category for a vendor, nothing newly sent in clear.`));
    else lines.push(p.bold(`Against ${ref}, this change:`));
    // One line per vendor and kind of change, with all its categories (not one line per category).
    for (const change of groupStarted(changes)) {
      const name = summary.vendors.find((vendor) => vendor.vendor === change.vendor)?.name ?? change.vendor;
      const categories = change.categories.join(', ');
      const what =
        change.change === 'now-in-clear'
          ? `sends ${categories} to ${name} in clear (it was anonymized)`
          : change.change === 'new-vendor'
            ? `starts sending data to ${name}: ${categories}`
            : `starts sending ${categories} to ${name}`;
      lines.push(`  ${what}  ${p.dim(change.at.slice(0, 3).join(', ') + (change.at.length > 3 ? ` (+${change.at.length - 3} more)` : ''))}`);
    }
  }

  const byVendor = new Map<string, Flow[]>();
  for (const flow of result.flows) byVendor.set(flow.vendor, [...(byVendor.get(flow.vendor) ?? []), flow]);
  for (const vendor of summary.vendors) {
    const flows = byVendor.get(vendor.vendor) ?? [];
    const verdict = vendor.violations ? p.red(`${vendor.violations} violation${plural(vendor.violations)}`) : p.green('ok');
    lines.push('');
    lines.push(
      `${p.bold(vendor.name)} ${p.dim(`(${vendor.vendor})`)}: ${vendor.calls} call site${plural(vendor.calls)}, ` +
        `${vendor.categories.length ? vendor.categories.join(', ') : 'no personal data'}: ${verdict}`,
    );
    for (const flow of flows) {
      const mark = flow.verdict === 'violation' ? p.red('✖') : flow.data.some((item) => item.suppressed || item.severity === 'warning') ? p.yellow('~') : p.green('✔');
      lines.push(`  ${mark} ${flow.sink.file}:${flow.sink.line}:${flow.sink.column}  ${flow.sink.call}${endpointNote(flow, vendor.name, p)}`);
      const sent = flow.data.filter((item) => item.origin !== 'collected');
      const width = Math.min(28, Math.max(0, ...sent.map((item) => item.field.length)));
      for (const item of sent) lines.push(`      ${item.field.padEnd(width)}  ${describeItem(item, p)}`);
      // What the SDK collects on its own: one line for what, then each category.
      const collected = new Map<string, DataItem[]>();
      for (const item of flow.data) if (item.origin === 'collected') collected.set(item.field, [...(collected.get(item.field) ?? []), item]);
      for (const [what, items] of collected) {
        lines.push(`      ${p.dim('collected by the SDK:')} ${what}`);
        for (const item of items) lines.push(`        ${describeItem(item, p)}`);
      }
    }
  }

  if (result.selfHosted?.length) {
    lines.push('');
    lines.push(p.bold('Self-hosted endpoints (no third party):'));
    for (const endpoint of result.selfHosted) {
      const calls = endpoint.calls.map((call) => `${call.file}:${call.line}${call.categories.length ? ` (${call.categories.join(', ')})` : ''}`);
      lines.push(`  ${selfHostedName(endpoint)}${endpoint.resolvedBy === 'policy' ? p.dim(' (the policy\'s endpoints:)') : ''}: ${calls.join(', ')}`);
    }
  }

  if (result.problems.length) {
    lines.push('');
    lines.push(p.yellow(`Problems with suppressions and the policy (${result.problems.length}):`));
    for (const problem of result.problems) lines.push(`  ${problem.severity === 'error' ? `${p.red('✖')} ` : ''}${problem.line ? `${problem.file}:${problem.line}:${problem.column}` : problem.file}  ${problem.message}`);
  }

  if (result.skipped.length) {
    lines.push('');
    lines.push(p.yellow(`Not analysed (${result.skipped.length}):`));
    for (const skipped of result.skipped) {
      const where = skipped.line ? `${skipped.file}:${skipped.line}:${skipped.column}` : skipped.file;
      lines.push(`  ${where}  ${skipped.reason}`);
    }
  }

  const unresolved = result.unresolvedImports ?? [];
  if (unresolved.length && options.verbose) {
    lines.push('');
    lines.push(p.yellow(`Imports not resolved (${unresolved.length}): what flows through them is not followed`));
    for (const entry of unresolved) lines.push(`  ${entry.file}:${entry.line}:${entry.column}  '${entry.specifier}'  ${entry.reason}`);
  }

  lines.push('');
  const failing = result.problems.filter((problem) => problem.severity === 'error').length;
  const vendorCount = summary.vendors.length;
  const totals = `${summary.flows} call site${plural(summary.flows)} to ${vendorCount} vendor${plural(vendorCount)}, ${summary.dataItems} personal-data item${plural(summary.dataItems)}`;
  const notResolved = unresolved.length
    ? `, ${unresolved.length} app import${plural(unresolved.length)} not resolved${options.verbose ? '' : `; --verbose lists ${unresolved.length === 1 ? 'it' : 'them'}`}`
    : '';
  const suppressed = `${summary.warnings ? `, ${summary.warnings} warning${plural(summary.warnings)}` : ''}${summary.suppressed ? `, ${summary.suppressed} suppressed` : ''}${summary.baselined ? `, ${summary.baselined} in the baseline` : ''}${notResolved}`;
  if (summary.fixedSinceBaseline) {
    lines.push(p.green(`${summary.fixedSinceBaseline} violation${plural(summary.fixedSinceBaseline)} in the baseline ${summary.fixedSinceBaseline === 1 ? 'is' : 'are'} gone: run piiflow baseline to drop ${summary.fixedSinceBaseline === 1 ? 'it' : 'them'}.`));
  }
  lines.push(
    summary.violations
      ? p.red(`✖ ${summary.violations} violation${plural(summary.violations)}`) +
          ` (${totals}${suppressed}). Remove the data, anonymize it, or allow it in piiflow.policy.yaml.` +
          (result.policy === null && !result.policies.length ? ' No policy yet: `piiflow init` writes one that allows what the code sends today, to tighten from there.' : '')
      : failing
        ? p.red(`✖ ${failing} problem${plural(failing)} to fix`) + ` (no violations; ${totals}${suppressed}). See "Problems" above.`
        : p.green('✔ no violations') + ` (${totals}${suppressed}).`,
  );
  return `${lines.join('\n')}\n`;
}

/** The server of an OpenAI-compatible client: who the policy or the catalog says runs it, or that nobody did. */
function endpointNote(flow: Flow, vendorName: string, p: Paint): string {
  const endpoint = flow.endpoint;
  if (!endpoint) return '';
  if (endpoint.resolvedBy === 'unknown') return `  ${p.yellow(`to ${recipientName(flow, vendorName)}: name it in the policy's endpoints:`)}`;
  return p.dim(`  (server ${endpointSource(endpoint)}${endpoint.resolvedBy === 'policy' ? ', by the policy\'s endpoints:' : ''})`);
}

function describeItem(item: DataItem, p: Paint): string {
  const category = item.anonymized ? `${item.category}, ${anonymization(item)}` : item.category;
  const verdict = item.baselined
    ? p.dim(`violation (in the baseline): ${item.reason}`)
    : item.suppressed
    ? p.yellow(`suppressed (${item.suppressed.by === 'comment' ? 'comment' : 'policy ignore'}: ${item.suppressed.reason}${item.suppressed.expires ? `, until ${item.suppressed.expires}` : ''}): ${item.reason}`)
    : item.severity === 'warning' && item.verdict === 'violation'
    ? p.yellow(`warning: ${item.reason}`)
    : item.verdict === 'violation'
      ? p.red(`violation: ${item.reason}`)
      : p.dim(item.reason);
  const first = item.trace[0];
  const from = first && item.trace.length > 1 ? p.dim(` from ${first.expression} at line ${first.line}`) : '';
  return `${category.padEnd(14)}  ${verdict}${from}`;
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}

/** A copy with every string made printable (see `printable`); numbers and booleans as they are. */
export function printableStrings<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableStrings) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, printableStrings(entry)])) as T;
  return value;
}
