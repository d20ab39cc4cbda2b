import { redact } from '../model/redact';
import { endpointSource, recipientName, selfHostedName } from '../model/endpoints';
import { isOpenViolation } from '../model/verdicts';
import { anonymization, strengthOf, violationMessage } from '../model/messages';
import type { DataItem, Flow, ScanResult } from '../model/result';

export interface HtmlOptions {
  /** Lines of a scanned file around a line, for code excerpts (none when unavailable). */
  excerpt?: (file: string, line: number) => { start: number; lines: string[] } | undefined;
  /** The folder that was scanned: its name, or as the user named it. */
  target?: string;
  /** The commit the scanned tree is at: shown under the title. */
  commit?: { id: string; date: string };
}

interface Link {
  category: string;
  vendor: string;
  items: number;
  violations: number;
  /** Items sent anonymized (a keyed hash, a declared anonymizer): an all-anonymized link is drawn dashed. */
  anonymized: number;
  /** Items sent hashed without a secret key: pseudonymized, reversible by lookup. */
  pseudonymized: number;
}

const WIDTH = 860;
const NODE_WIDTH = 14;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

/**
 * One self-contained HTML file for privacy reviewers (no network at view time): a picture of the
 * flows, data categories on the left and vendors on the right with links weighted by items (click
 * a node to filter), then each vendor with the policy's purpose, legal basis, retention and
 * region, and each call site with its data, anonymization, verdict, trace and a code excerpt.
 */
export function renderHtml(result: ScanResult, options: HtmlOptions = {}): string {
  const names = new Map(result.summary.vendors.map((vendor) => [vendor.vendor, vendor.name]));
  const links = linksOf(result.flows);
  const title = `piiflow data-flow report${options.target ? `: ${options.target}` : ''}`;
  const { summary } = result;
  const body = [
    `<header><h1>${escapeHtml(title)}</h1>`,
    options.commit ? `<p class="hint">At commit <code>${escapeHtml(options.commit.id.slice(0, 12))}</code> of ${escapeHtml(options.commit.date)}</p>` : '',
    `<p class="summary">${summary.filesScanned} files scanned · ${summary.flows} SDK call sites · ${summary.vendors.length} vendors · ${summary.dataItems} personal-data items · <strong class="${summary.violations ? 'bad' : 'good'}">${summary.violations} violation${summary.violations === 1 ? '' : 's'}</strong>${summary.suppressed ? ` · ${summary.suppressed} suppressed` : ''} · policy: ${escapeHtml(result.policy ?? 'none found')}</p></header>`,
    renderViolationList(result, names),
    '<section id="map" aria-label="Data flows from categories to vendors">',
    '<h2>Where personal data goes <button type="button" id="show-all" hidden>Show all</button></h2>',
    '<p class="hint">Click a category or a vendor to show only its flows. Link width: items sent; red: violations; dashed: sent only anonymized.</p>',
    renderPicture(links, names),
    '</section>',
    ...result.summary.vendors.map((vendor) => renderVendor(result, vendor.vendor, names, options)),
    ...(result.selfHosted?.length ? [renderSelfHosted(result)] : []),
    result.skipped.length ? `<section><h2>Not analysed (${result.skipped.length})</h2><ul>${result.skipped.map((skipped) => `<li><code>${escapeHtml(skipped.file)}${skipped.line ? `:${skipped.line}` : ''}</code> ${escapeHtml(skipped.reason)}</li>`).join('')}</ul></section>` : '',
    `<footer>piiflow ${escapeHtml(result.tool.version)} · literals that look like e-mail addresses, phone numbers or tokens are redacted</footer>`,
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function linksOf(flows: readonly Flow[]): Link[] {
  const byKey = new Map<string, Link>();
  for (const flow of flows) {
    for (const item of flow.data) {
      const key = `${item.category}\u0000${flow.vendor}`;
      const link = byKey.get(key) ?? { category: item.category, vendor: flow.vendor, items: 0, violations: 0, anonymized: 0, pseudonymized: 0 };
      link.items++;
      if (item.anonymized && strengthOf(item) === 'keyed') link.anonymized++;
      else if (item.anonymized) link.pseudonymized++;
      if (isOpenViolation(item)) link.violations++;
      byKey.set(key, link);
    }
  }
  return [...byKey.values()].sort((a, b) => (a.category + a.vendor < b.category + b.vendor ? -1 : 1));
}

/** Two columns of nodes and weighted curves between them, laid out deterministically. */
function renderPicture(links: readonly Link[], names: ReadonlyMap<string, string>): string {
  if (links.length === 0) return '<p>No personal data reaches any vendor.</p>';
  const categories = [...new Set(links.map((link) => link.category))].sort();
  const vendors = [...new Set(links.map((link) => link.vendor))].sort();
  const total = (key: 'category' | 'vendor', name: string) => links.filter((link) => link[key] === name).reduce((sum, link) => sum + link.items, 0);
  const unit = Math.max(4, Math.min(18, 420 / Math.max(...[...categories.map((c) => total('category', c)), ...vendors.map((v) => total('vendor', v))])));
  const gap = 12;
  const column = (nodes: string[], key: 'category' | 'vendor') => {
    let y = 10;
    return new Map(
      nodes.map((name) => {
        const height = Math.max(8, total(key, name) * unit);
        const node = { y, height, used: 0 };
        y += height + gap;
        return [name, node] as const;
      }),
    );
  };
  const left = column(categories, 'category');
  const right = column(vendors, 'vendor');
  const height = Math.max(...[...left.values(), ...right.values()].map((node) => node.y + node.height)) + 10;
  const x1 = 180;
  const x2 = WIDTH - 200;
  const paths = links.map((link) => {
    const from = left.get(link.category)!;
    const to = right.get(link.vendor)!;
    const thickness = Math.max(1.5, link.items * unit);
    const y1 = from.y + from.used + thickness / 2;
    const y2 = to.y + to.used + thickness / 2;
    from.used += thickness;
    to.used += thickness;
    const middle = (x1 + NODE_WIDTH + x2) / 2;
    const label = `${link.category} → ${names.get(link.vendor) ?? link.vendor}: ${link.items} item${link.items === 1 ? '' : 's'}${link.anonymized ? `, ${link.anonymized === link.items ? 'all' : link.anonymized} anonymized` : ''}${link.pseudonymized ? `, ${link.pseudonymized === link.items ? 'all' : link.pseudonymized} pseudonymized (plain hash)` : ''}${link.violations ? `, ${link.violations} violation${link.violations === 1 ? '' : 's'}` : ''}`;
    return `<path class="link${link.violations ? ' violation' : ''}${link.anonymized === link.items ? ' anonymized' : ''}" data-category="${escapeHtml(link.category)}" data-vendor="${escapeHtml(link.vendor)}" d="M${x1 + NODE_WIDTH},${y1.toFixed(1)} C${middle},${y1.toFixed(1)} ${middle},${y2.toFixed(1)} ${x2},${y2.toFixed(1)}" stroke-width="${thickness.toFixed(1)}"><title>${escapeHtml(label)}</title></path>`;
  });
  const nodes = (map: Map<string, { y: number; height: number }>, key: 'category' | 'vendor', x: number, anchor: 'end' | 'start') =>
    [...map].map(([name, node]) => {
      const label = key === 'vendor' ? (names.get(name) ?? name) : name;
      const textX = anchor === 'end' ? x - 6 : x + NODE_WIDTH + 6;
      return `<g class="node" role="button" tabindex="0" data-${key}="${escapeHtml(name)}" aria-label="${escapeHtml(`Show only ${label}`)}"><rect x="${x}" y="${node.y.toFixed(1)}" width="${NODE_WIDTH}" height="${node.height.toFixed(1)}"></rect><text x="${textX}" y="${(node.y + node.height / 2 + 4).toFixed(1)}" text-anchor="${anchor}">${escapeHtml(label)}</text></g>`;
    });
  return `<svg id="flows" viewBox="0 0 ${WIDTH} ${height.toFixed(0)}" width="100%" role="img" aria-label="Personal-data categories and the vendors they reach">${paths.join('')}${nodes(left, 'category', x1, 'end').join('')}${nodes(right, 'vendor', x2, 'start').join('')}</svg>`;
}

function renderVendor(result: ScanResult, vendorId: string, names: ReadonlyMap<string, string>, options: HtmlOptions): string {
  const vendor = result.summary.vendors.find((candidate) => candidate.vendor === vendorId)!;
  const flows = result.flows.filter((flow) => flow.vendor === vendorId);
  const categories = vendor.categories.join(' ');
  const facts = [
    ['Purpose', vendor.purpose],
    ['Legal basis', vendor.legalBasis],
    ['Retention', vendor.retention],
    ['Region', vendor.region],
  ]
    .filter(([, value]) => value)
    .map(([label, value]) => `<dt>${label}</dt><dd>${escapeHtml(value!)}</dd>`)
    .join('');
  return `<section class="vendor${vendor.violations ? ' has-violations' : ''}" data-vendor="${escapeHtml(vendorId)}" data-categories="${escapeHtml(categories)}">
<h2>${escapeHtml(vendor.name)} <small>${escapeHtml(vendorId)}</small> <span class="${vendor.violations ? 'bad' : 'good'}">${vendor.violations ? `${vendor.violations} violation${vendor.violations === 1 ? '' : 's'}` : 'no violations'}</span></h2>
${facts ? `<dl class="facts">${facts}</dl>` : '<p class="hint">The policy records no purpose, legal basis, retention or region for this vendor.</p>'}
<p>${vendor.calls} call site${vendor.calls === 1 ? '' : 's'} · ${escapeHtml(vendor.categories.join(', ') || 'no personal data')}</p>
${flows.map((flow) => renderFlow(flow, recipientName(flow, names.get(flow.vendor) ?? flow.vendor), options)).join('\n')}
</section>`;
}

/** The anchor of a call site: its file, line and column, which identify it in a report. */
function flowId(flow: Flow): string {
  return `at-${flow.sink.file}-${flow.sink.line}-${flow.sink.column}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** The open violations first, each linking to its call site below: a reviewer starts there. */
function renderViolationList(result: ScanResult, names: ReadonlyMap<string, string>): string {
  const open = result.flows.flatMap((flow) => flow.data.filter(isOpenViolation).map((item) => ({ flow, item })));
  if (open.length === 0) return '';
  const items = open.map(({ flow, item }) => `<li><a href="#${flowId(flow)}"><code>${escapeHtml(flow.sink.file)}:${item.at.line}</code></a> ${escapeHtml(violationMessage(item, flow, recipientName(flow, names.get(flow.vendor) ?? flow.vendor)))}</li>`);
  return `<section id="violations"><h2>Violations (${open.length})</h2><ol>${items.join('')}</ol></section>`;
}

/** Clients pointed at a server the team runs: no third party, listed for the record with their calls. */
function renderSelfHosted(result: ScanResult): string {
  const rows = (result.selfHosted ?? []).map((endpoint) => {
    const calls = endpoint.calls.map((call) => `<li><code>${escapeHtml(call.file)}:${call.line}</code> <code>${escapeHtml(call.call)}</code>${call.categories.length ? ` ${call.categories.map((category) => `<span class="badge">${escapeHtml(category)}</span>`).join(' ')}` : ''}</li>`).join('');
    const by = endpoint.resolvedBy === 'policy' ? ' <small>(the policy\'s endpoints:)</small>' : '';
    return `<li><strong>${escapeHtml(selfHostedName(endpoint))}</strong>${by}<ul>${calls}</ul></li>`;
  });
  return `<section id="self-hosted"><h2>Self-hosted endpoints</h2><p class="hint">Clients of an OpenAI-compatible SDK pointed at a server the team runs (loopback, private network, a local service, or as the policy says): no third party receives what they send.</p><ul>${rows.join('')}</ul></section>`;
}

function renderFlow(flow: Flow, vendorName: string, options: HtmlOptions): string {
  const categories = [...new Set(flow.data.map((item) => item.category))].join(' ');
  const items = flow.data
    .map((item) => {
      const status = item.suppressed ? `suppressed: ${item.suppressed.reason}` : item.baselined ? 'in the baseline' : item.severity === 'warning' ? 'warning' : item.verdict;
      const anonymized = item.anonymized ? `<span class="badge anon ${strengthOf(item)}">${escapeHtml(anonymization(item))}</span>` : '';
      const trace = item.trace.map((step) => `<li><code>${escapeHtml(step.file)}:${step.line}:${step.column}</code> <code>${escapeHtml(step.expression)}</code></li>`).join('');
      return `<li class="item ${isOpenViolation(item) ? 'violation' : 'ok'}" data-category="${escapeHtml(item.category)}"><span class="badge">${escapeHtml(item.category)}</span> <code>${escapeHtml(item.field)}</code> ${anonymized} <span class="status">${escapeHtml(status)}</span>${isOpenViolation(item) ? `<p class="message">${escapeHtml(violationMessage(item, flow, vendorName))}</p>` : `<p class="reason">${escapeHtml(item.reason)}</p>`}${item.trace.length > 1 ? `<details><summary>Trace (${item.trace.length} steps)</summary><ol>${trace}</ol></details>` : ''}</li>`;
    })
    .join('');
  const excerpt = options.excerpt?.(flow.sink.file, flow.sink.line);
  const code = excerpt
    ? `<pre class="excerpt">${excerpt.lines.map((line, index) => `<span class="${excerpt.start + index === flow.sink.line ? 'hit' : ''}"><b>${excerpt.start + index}</b>${escapeHtml(redact(line))}</span>`).join('\n')}</pre>`
    : '';
  return `<article class="flow ${flow.verdict}" id="${flowId(flow)}" data-categories="${escapeHtml(categories)}">
<h3><code>${escapeHtml(flow.sink.file)}:${flow.sink.line}</code> <code>${escapeHtml(flow.sink.call)}</code>${flow.sink.via ? ` <small>via <code>${escapeHtml(flow.sink.via.call)}</code> at <code>${escapeHtml(flow.sink.via.file)}:${flow.sink.via.line}</code></small>` : ''}${flow.endpoint ? ` <small>${flow.endpoint.resolvedBy === 'unknown' ? `to ${escapeHtml(vendorName)}: name it in the policy's endpoints:` : `server <code>${escapeHtml(endpointSource(flow.endpoint))}</code>`}</small>` : ''}</h3>
${items ? `<ul class="items">${items}</ul>` : '<p class="hint">No personal data reaches this call.</p>'}
${code}
</article>`;
}

const STYLE = `
:root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; background: #fbfbfd; }
body { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; } h2 { font-size: 1.2rem; margin: 28px 0 8px; } h3 { font-size: 0.95rem; margin: 0 0 8px; font-weight: 600; }
small { color: #667085; font-weight: normal; } code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.85em; }
.summary { color: #475467; } .good { color: #067647; } .bad { color: #b42318; } .hint { color: #667085; font-size: 0.9em; }
#flows { background: #fff; border: 1px solid #e4e7ec; border-radius: 8px; }
#flows .link { fill: none; stroke: #98a2b3; stroke-opacity: 0.45; transition: stroke-opacity 0.15s; }
#flows .link.violation { stroke: #d92d20; stroke-opacity: 0.55; }
#flows .link.anonymized { stroke-dasharray: 6 4; }
#flows .link.dim { stroke-opacity: 0.06; }
#flows .node { cursor: pointer; } #flows .node rect { fill: #344054; } #flows .node.active rect { fill: #1570ef; }
#flows .node text { font-size: 12px; fill: #1d2330; } #flows .node:focus { outline: none; } #flows .node:focus rect { stroke: #1570ef; stroke-width: 2; }
button { font: inherit; font-size: 0.8rem; margin-left: 8px; padding: 2px 10px; border: 1px solid #d0d5dd; border-radius: 6px; background: #fff; cursor: pointer; }
.vendor { background: #fff; border: 1px solid #e4e7ec; border-radius: 8px; padding: 4px 16px 12px; margin-top: 16px; }
.vendor.has-violations { border-left: 4px solid #d92d20; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 0.9em; } .facts dt { color: #667085; } .facts dd { margin: 0; }
.flow { border-top: 1px solid #f2f4f7; padding-top: 10px; margin-top: 10px; } .flow.violation h3 code:first-child { color: #b42318; }
.items { list-style: none; padding: 0; margin: 0; } .item { padding: 4px 0; } .item.violation .status { color: #b42318; font-weight: 600; } .item.ok .status { color: #067647; }
.badge { display: inline-block; background: #eef4ff; color: #3538cd; border-radius: 10px; padding: 0 8px; font-size: 0.8em; } .badge.anon { background: #ecfdf3; color: #067647; } .badge.anon.plain, .badge.anon.weak, .badge.anon.unknown { background: #fffaeb; color: #b54708; }
.message, .reason { margin: 2px 0 0 0; font-size: 0.88em; color: #475467; }
.excerpt { background: #f8f9fc; border: 1px solid #eaecf0; border-radius: 6px; padding: 8px 0; overflow-x: auto; font-size: 0.8rem; line-height: 1.45; }
.excerpt span { display: block; padding: 0 10px; white-space: pre; } .excerpt span.hit { background: #fef3f2; } .excerpt b { display: inline-block; width: 3em; color: #98a2b3; font-weight: normal; user-select: none; }
[hidden] { display: none !important; } footer { margin-top: 32px; color: #98a2b3; font-size: 0.8em; }
`;

const SCRIPT = `
(function () {
  var svg = document.getElementById('flows');
  var showAll = document.getElementById('show-all');
  if (!svg || !showAll) return;
  var filter = null;
  function matches(element, key, value) {
    if (element.hasAttribute('data-' + key)) return element.getAttribute('data-' + key) === value;
    var list = element.getAttribute('data-categories');
    return key === 'category' && list !== null && list.split(' ').indexOf(value) !== -1;
  }
  function apply() {
    svg.querySelectorAll('.link').forEach(function (link) {
      link.classList.toggle('dim', filter !== null && !matches(link, filter.key, filter.value));
    });
    svg.querySelectorAll('.node').forEach(function (node) {
      node.classList.toggle('active', filter !== null && node.getAttribute('data-' + filter.key) === filter.value);
    });
    document.querySelectorAll('section.vendor').forEach(function (section) {
      var visible = filter === null || matches(section, filter.key, filter.value);
      section.hidden = !visible;
      section.querySelectorAll('article.flow').forEach(function (flow) {
        flow.hidden = filter !== null && filter.key === 'category' && !matches(flow, 'category', filter.value);
      });
    });
    showAll.hidden = filter === null;
  }
  function choose(node) {
    var key = node.hasAttribute('data-vendor') ? 'vendor' : 'category';
    var value = node.getAttribute('data-' + key);
    filter = filter && filter.key === key && filter.value === value ? null : { key: key, value: value };
    apply();
  }
  svg.querySelectorAll('.node').forEach(function (node) {
    node.addEventListener('click', function () { choose(node); });
    node.addEventListener('keydown', function (event) { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); choose(node); } });
  });
  showAll.addEventListener('click', function () { filter = null; apply(); });
})();
`;
