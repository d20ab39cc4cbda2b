// Measures piiflow on the labelled corpus (tests/corpus/<app>/): site recall, category recall and
// false positives, per vendor and per kind of flow. Uses the built package (npm run build first).
//   npm run accuracy            print the tables
//   npm run accuracy -- --check also fail (exit 1) below tests/corpus/thresholds.json
//   npm run accuracy -- --real <folder> [--only owner__name,...]
//                               score the real-world labels (tests/real-corpus) against checkouts in <folder>
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDecoys, readExpectations } from './markers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const realAt = process.argv.indexOf('--real');
if (realAt !== -1) {
  const folder = process.argv[realAt + 1];
  if (!folder) {
    console.error('--real takes the folder that holds the checkouts (<owner>__<name>/ each); see tests/real-corpus/README.md');
    process.exit(2);
  }
  const onlyAt = process.argv.indexOf('--only');
  const { printReal, scoreReal } = await import('./real-accuracy.mjs');
  printReal(scoreReal(resolve(folder), onlyAt !== -1 ? { only: process.argv[onlyAt + 1].split(',') } : {}));
  process.exit(0);
}
const corpus = join(root, 'tests', 'corpus');
const { scan } = createRequire(import.meta.url)(join(root, 'dist', 'index.js'));

const sourceFiles = (directory) =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(directory, entry.name)) : /\.[cm]?[jt]sx?$/.test(entry.name) ? [join(directory, entry.name)] : [],
  );

const tally = () => ({ sites: 0, found: 0, categories: 0, categoriesFound: 0, fpSites: 0, fpCategories: 0, todo: 0 });
const byVendor = new Map();
const byKind = new Map();
const total = tally();
const misses = [];
const falsePositives = [];
const bucket = (map, key) => (map.has(key) ? map.get(key) : map.set(key, tally()).get(key));

const apps = readdirSync(corpus).filter((name) => statSync(join(corpus, name)).isDirectory()).sort();
for (const app of apps) {
  const appRoot = join(corpus, app);
  const result = scan({ paths: [appRoot] });
  for (const skipped of result.skipped) misses.push(`${app}/${skipped.file}: not analysed: ${skipped.reason}`);
  const found = new Map(); // `${file}:${line}:${vendor}` -> Set(category[*])
  for (const flow of result.flows) {
    if (flow.data.length === 0) continue;
    const key = `${flow.sink.file}:${flow.sink.line}:${flow.vendor}`;
    const set = found.get(key) ?? new Set();
    for (const item of flow.data) set.add(`${item.category}${item.anonymized ? '*' : ''}`);
    found.set(key, set);
  }
  const expectedKeys = new Set();
  for (const file of sourceFiles(appRoot)) {
    const display = relative(appRoot, file).split('\\').join('/');
    for (const expectation of readExpectations(file)) {
      const key = `${display}:${expectation.line}:${expectation.vendor}`;
      expectedKeys.add(key);
      const got = found.get(key) ?? new Set();
      const kinds = expectation.kinds.length ? expectation.kinds : ['direct'];
      const buckets = [total, bucket(byVendor, expectation.vendor), ...kinds.map((kind) => bucket(byKind, kind))];
      const hit = got.size > 0 && !expectation.todo;
      const matched = expectation.data.filter((category) => got.has(category)).length;
      const extra = [...got].filter((category) => !expectation.data.includes(category));
      for (const counts of buckets) {
        counts.sites++;
        counts.categories += expectation.data.length;
        if (expectation.todo) counts.todo++;
        if (hit) counts.found++;
        counts.categoriesFound += matched;
        counts.fpCategories += extra.length;
      }
      if (!hit || matched < expectation.data.length) misses.push(`${app}/${key}: expected ${expectation.data.join(' ')}, found ${[...got].join(' ') || 'nothing'}${expectation.todo ? ' (todo)' : ''}`);
      if (extra.length) falsePositives.push(`${app}/${key}: unexpected ${extra.join(' ')}`);
    }
    for (const line of readDecoys(file)) {
      for (const key of found.keys()) if (key.startsWith(`${display}:${line}:`)) expectedKeys.add(`decoy:${key}`);
    }
  }
  for (const [key, categories] of found) {
    if (expectedKeys.has(key)) continue;
    const vendor = key.slice(key.lastIndexOf(':') + 1);
    for (const counts of [total, bucket(byVendor, vendor), bucket(byKind, expectedKeys.has(`decoy:${key}`) ? 'decoy' : 'unmarked')]) {
      counts.fpSites++;
      counts.fpCategories += categories.size;
    }
    falsePositives.push(`${app}/${key}: unexpected ${[...categories].join(' ')}${expectedKeys.has(`decoy:${key}`) ? ' (a decoy)' : ''}`);
  }
}

const ratio = (part, whole) => (whole === 0 ? '-' : (part / whole).toFixed(2));
const row = (name, counts) =>
  `${name.padEnd(22)} ${String(counts.sites).padStart(5)} ${ratio(counts.found, counts.sites).padStart(11)} ${ratio(counts.categoriesFound, counts.categories).padStart(15)} ${String(counts.fpSites).padStart(9)} ${String(counts.fpCategories).padStart(14)}`;
const header = `${''.padEnd(22)} ${'sites'.padStart(5)} ${'site recall'.padStart(11)} ${'category recall'.padStart(15)} ${'FP sites'.padStart(9)} ${'FP categories'.padStart(14)}`;
const table = (title, map) => [title, header, ...[...map.keys()].sort().map((key) => row(key, map.get(key)))].join('\n');

const vendorsCovered = [...byVendor.entries()].filter(([, counts]) => counts.sites > 0).length;
console.log(`piiflow accuracy on ${apps.length} apps in tests/corpus: ${total.sites} labelled call sites across ${vendorsCovered} vendors\n`);
console.log(table('By vendor', byVendor));
console.log();
console.log(table('By kind of flow', byKind));
console.log();
console.log(header);
console.log(row('total', total));
if (misses.length) console.log(`\nMisses (${misses.length}):\n  ${misses.join('\n  ')}`);
if (falsePositives.length) console.log(`\nFalse positives (${falsePositives.length}):\n  ${falsePositives.join('\n  ')}`);

if (process.argv.includes('--check')) {
  const thresholds = JSON.parse(readFileSync(join(corpus, 'thresholds.json'), 'utf8'));
  const measured = {
    sites: total.sites,
    vendors: vendorsCovered,
    siteRecall: total.found / total.sites,
    categoryRecall: total.categoriesFound / total.categories,
    falsePositiveSites: total.fpSites,
    falsePositiveCategories: total.fpCategories,
  };
  const failures = [];
  if (measured.sites < thresholds.minSites) failures.push(`${measured.sites} labelled sites, fewer than ${thresholds.minSites}`);
  if (measured.vendors < thresholds.minVendors) failures.push(`${measured.vendors} vendors, fewer than ${thresholds.minVendors}`);
  if (measured.siteRecall < thresholds.siteRecall) failures.push(`site recall ${measured.siteRecall.toFixed(3)} < ${thresholds.siteRecall}`);
  if (measured.categoryRecall < thresholds.categoryRecall) failures.push(`category recall ${measured.categoryRecall.toFixed(3)} < ${thresholds.categoryRecall}`);
  if (measured.falsePositiveSites > thresholds.maxFalsePositiveSites) failures.push(`${measured.falsePositiveSites} false-positive sites > ${thresholds.maxFalsePositiveSites}`);
  if (measured.falsePositiveCategories > thresholds.maxFalsePositiveCategories) failures.push(`${measured.falsePositiveCategories} false-positive categories > ${thresholds.maxFalsePositiveCategories}`);
  console.log(`\n${JSON.stringify(measured)}`);
  if (failures.length) {
    console.log(`\nBelow the thresholds in tests/corpus/thresholds.json:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log('\nAll thresholds met.');
}
