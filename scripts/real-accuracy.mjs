// Scores piiflow against hand labels of real open-source applications (tests/real-corpus/*.yaml): call sites
// that send personal data to a vendor, real SDK calls that send nothing personal, and look-alikes.
//   npm run accuracy -- --real <folder>    <folder>/<owner>__<name>/ holds each labelled repository at its commit
// The labels were written by reading the code, without piiflow's output; the repositories are not part of this
// project (tests/real-corpus/README.md says how to bring them in). It needs them on disk, so CI cannot run it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const labelsFolder = join(root, 'tests', 'real-corpus');

export function scoreReal(checkouts, { only } = {}) {
  const { scan } = createRequire(import.meta.url)(join(root, 'dist', 'index.js'));
  const tally = () => ({ sites: 0, found: 0, categories: 0, categoriesFound: 0, negatives: 0, fpNegatives: 0 });
  const total = tally();
  const byVendor = new Map();
  const byKind = new Map();
  const byRepo = new Map();
  const bucket = (map, key) => (map.has(key) ? map.get(key) : map.set(key, tally()).get(key));
  const misses = [];
  const falsePositives = [];
  const unclassified = [];
  const timings = [];
  const files = readdirSync(labelsFolder).filter((name) => name.endsWith('.yaml')).sort();
  for (const name of files) {
    const labels = parse(readFileSync(join(labelsFolder, name), 'utf8'));
    const slug = name.replace(/\.yaml$/, '');
    if (only && !only.includes(slug)) continue;
    const checkout = join(checkouts, slug);
    if (!existsSync(checkout)) {
      console.error(`skipped ${labels.repository}: no checkout at ${checkout} (commit ${labels.commit})`);
      continue;
    }
    const started = process.hrtime.bigint();
    const result = scan({ paths: [checkout], cwd: checkout, noPolicy: true });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    timings.push({ repository: labels.repository, seconds, files: result.summary.filesScanned, skipped: result.skipped.filter((entry) => /time budget|nested too deeply/.test(entry.reason)).length });
    // Every place a flow names: its call, and the SDK call it reaches through the app's own function.
    const places = new Map(); // `${file}:${line}` -> [{ vendor, categories }]
    const add = (file, line, vendor, categories) => {
      const key = `${file}:${line}`;
      const list = places.get(key) ?? [];
      list.push({ vendor, categories });
      places.set(key, list);
    };
    for (const flow of result.flows) {
      // Objects of unknown shape (`unclassified`) are no category of personal data: counted apart, never a hit.
      const unknown = flow.data.filter((item) => item.category === 'unclassified');
      if (unknown.length) unclassified.push(`${labels.repository} ${flow.sink.file}:${flow.sink.line} ${flow.vendor} ${unknown.map((item) => `${item.field} <- ${item.unknownShape}`).join('; ')}`);
      const explicit = flow.data.filter((item) => item.origin !== 'collected' && item.category !== 'unclassified');
      if (explicit.length === 0) continue;
      const categories = new Set(explicit.map((item) => item.category));
      add(flow.sink.file, flow.sink.line, flow.vendor, categories);
      if (flow.sink.via) add(flow.sink.via.file, flow.sink.via.line, flow.vendor, categories);
    }
    const at = (file, line) => places.get(`${file}:${line}`) ?? [];
    for (const site of labels.sites) {
      const where = [`${site.file}:${site.line}`, ...(site.callers ?? [])].map((place) => {
        const cut = place.lastIndexOf(':');
        return at(place.slice(0, cut), Number(place.slice(cut + 1)));
      });
      const here = where.flat();
      const label = `${labels.repository} ${site.file}:${site.line} ${site.vendor}`;
      if (site.decoy || site.categories.length === 0) {
        const wrong = site.decoy ? here : here.filter((found) => found.vendor === site.vendor);
        for (const counts of [total, bucket(byRepo, labels.repository), bucket(byKind, site.decoy ? 'decoy' : `negative`)]) {
          counts.negatives++;
          if (wrong.length) counts.fpNegatives++;
        }
        if (wrong.length) falsePositives.push(`${label}: reported ${wrong.map((found) => `${found.vendor} ${[...found.categories].join(' ')}`).join('; ')} (${site.why ?? ''})`);
        continue;
      }
      const mine = here.filter((found) => found.vendor === site.vendor);
      const got = new Set(mine.flatMap((found) => [...found.categories]));
      const wanted = site.categories;
      const matched = wanted.filter((category) => got.has(category)).length;
      const hit = mine.length > 0;
      for (const counts of [total, bucket(byRepo, labels.repository), bucket(byVendor, site.vendor), bucket(byKind, site.flow ?? 'direct')]) {
        counts.sites++;
        if (hit) counts.found++;
        counts.categories += wanted.length;
        counts.categoriesFound += matched;
      }
      if (!hit || matched < wanted.length) misses.push(`${label} [${site.flow}]: expected ${site.categories.join(' ')}, found ${[...got].join(' ') || 'nothing'}`);
    }
  }
  return { total, byVendor, byKind, byRepo, misses, falsePositives, unclassified, timings };
}

export function printReal(score) {
  const ratio = (part, whole) => (whole === 0 ? '-' : (part / whole).toFixed(2));
  const header = `${''.padEnd(30)} ${'sites'.padStart(5)} ${'site recall'.padStart(11)} ${'category recall'.padStart(15)} ${'negatives'.padStart(9)} ${'FP'.padStart(4)}`;
  const row = (name, counts) =>
    `${name.padEnd(30)} ${String(counts.sites).padStart(5)} ${ratio(counts.found, counts.sites).padStart(11)} ${ratio(counts.categoriesFound, counts.categories).padStart(15)} ${String(counts.negatives).padStart(9)} ${String(counts.fpNegatives).padStart(4)}`;
  const table = (title, map) => [title, header, ...[...map.keys()].sort().map((key) => row(key, map.get(key)))].join('\n');
  console.log(`piiflow on the real-world corpus: ${score.total.sites} labelled sites that send personal data, ${score.total.negatives} labelled negatives and decoys\n`);
  console.log(table('By repository', score.byRepo), '\n');
  console.log(table('By vendor', score.byVendor), '\n');
  console.log(table('By kind of flow', score.byKind), '\n');
  console.log(header);
  console.log(row('total', score.total));
  console.log(`\nScan time: ${score.timings.map((entry) => `${entry.repository} ${entry.seconds.toFixed(1)} s (${entry.files} files, ${entry.skipped} over budget)`).join('; ')}`);
  if (score.misses.length) console.log(`\nMisses (${score.misses.length}):\n  ${score.misses.join('\n  ')}`);
  if (score.falsePositives.length) console.log(`\nFalse positives (${score.falsePositives.length}):\n  ${score.falsePositives.join('\n  ')}`);
  if (score.unclassified.length) console.log(`\nCalls sending objects of unknown shape (unclassified, not scored) (${score.unclassified.length}):\n  ${score.unclassified.join('\n  ')}`);
}
