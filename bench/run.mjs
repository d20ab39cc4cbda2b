// npm run bench [-- --lines N --rounds R]: piiflow's speed and memory, as ratios to what the same
// machine does anyway (TypeScript's parser, a bare ESLint pass), measured side by side in one run
// with the tasks interleaved, so that a noisy shared machine slows all of them alike.
//
// npm run bench -- --repo <path> [--repo <path>...]: the same on real repositories already on disk
// (nothing is downloaded; the README says how to get the pinned ones): per repository the files,
// lines, scan time, the parse floor of the same files in the same run, peak RSS, the files over
// budget and the slowest ten. With --eslint: ESLint without and with piiflow's recommended config.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generate } from './generate.mjs';

const ALL_TASKS = ['parse', 'eslint', 'eslint-piiflow', 'eslint-rules', 'eslint-rules-piiflow', 'eslint-typed', 'eslint-typed-piiflow', 'scan', 'scan-types', 'scan-cache', 'scan-warm', 'scan-one-changed', 'keystroke'];
const USAGE =
  'usage: npm run bench -- [--lines N (at least 1000)] [--rounds R (at least 1)] [--tasks parse,scan,...] [--keep]\n' +
  '       npm run bench -- --repo <path> [--repo <path>...] [--eslint] [--rounds R] [--max-file-time S]';
let values;
try {
  ({ values } = parseArgs({
    options: {
      lines: { type: 'string', default: '100000' },
      rounds: { type: 'string' },
      tasks: { type: 'string', default: ALL_TASKS.join(',') },
      keep: { type: 'boolean', default: false },
      repo: { type: 'string', multiple: true },
      eslint: { type: 'boolean', default: false },
      'max-file-time': { type: 'string' },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
const taskScript = fileURLToPath(new URL('./task.mjs', import.meta.url));
if (values.repo) {
  const { benchRepositories } = await import('./repos.mjs');
  const status = benchRepositories({ repos: values.repo, eslint: values.eslint, rounds: Number(values.rounds ?? '1'), maxFileTime: values['max-file-time'], taskScript, usage: USAGE });
  process.exit(status);
}
if (values.eslint) {
  console.error(`--eslint needs --repo\n${USAGE}`);
  process.exit(2);
}
const tasks = values.tasks.split(',').filter(Boolean);
const unknown = tasks.filter((task) => !ALL_TASKS.includes(task));
if (unknown.length > 0 || !tasks.includes('parse')) {
  console.error(`--tasks: ${unknown.length > 0 ? `unknown ${unknown.join(', ')}` : 'parse (the floor) is always needed'}; choose from ${ALL_TASKS.join(', ')}`);
  process.exit(2);
}
const lines = Number(values.lines);
const rounds = Number(values.rounds ?? '3');
if (!(lines >= 1000) || !(rounds >= 1)) {
  console.error(USAGE);
  process.exit(2);
}

const folder = mkdtempSync(join(tmpdir(), 'piiflow-bench-'));
const generated = generate(lines, folder);
console.log(`piiflow bench: ${generated.lines} lines in ${generated.files} files (${folder}), ${rounds} round(s), Node ${process.version}\n`);

function runTask(task) {
  const child = spawnSync(process.execPath, [taskScript, task, folder], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) {
    console.error(`bench task ${task} failed (exit ${child.status}):\n${child.stderr}`);
    process.exit(1);
  }
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

const samples = Object.fromEntries(tasks.map((task) => [task, []]));
for (let round = 0; round < rounds; round++) {
  for (const task of tasks) {
    // The warm tasks need an up-to-date cache, made by a scan of its own (not measured).
    if (task === 'scan-warm' || task === 'scan-one-changed') runTask('prime');
    const started = performance.now();
    const outcome = runTask(task);
    const wholeMs = performance.now() - started;
    samples[task].push({ ...outcome, wholeMs });
  }
  process.stderr.write(`round ${round + 1}/${rounds} done\n`);
}
if (!values.keep) rmSync(folder, { recursive: true, force: true });

const median = (task, key) => {
  const sorted = samples[task].map((sample) => sample[key]).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const ms = (value) => `${value.toFixed(0).padStart(6)} ms`;
const rows = [
  ['parse', 'TypeScript parser only (the floor)'],
  ['eslint', 'bare ESLint pass (typescript-eslint parser, no rules)'],
  ['eslint-piiflow', 'ESLint pass with piiflow recommended'],
  ['eslint-rules', 'ESLint with ten core rules (a project config)'],
  ['eslint-rules-piiflow', 'the same with piiflow recommended'],
  ['eslint-typed', 'the project config with typed linting'],
  ['eslint-typed-piiflow', 'the same with piiflow recommended'],
  ['scan', 'piiflow scan (no type checker)'],
  ['scan-types', 'piiflow scan --types'],
  ['scan-cache', 'piiflow scan --cache, cold (writes the cache)'],
  ['scan-warm', 'piiflow scan --cache, warm (nothing changed)'],
  ['scan-one-changed', 'piiflow scan --cache, one file changed'],
].filter(([task]) => tasks.includes(task));
const floor = median('parse', 'wholeMs');
console.log(`${'task'.padEnd(55)}      work   whole process  / floor   peak RSS    lines/s    files/s`);
for (const [task, label] of rows) {
  const whole = median(task, 'wholeMs');
  const perSecond = (count) => Math.round(count / (whole / 1000)).toLocaleString('en-US').padStart(10);
  console.log(`${label.padEnd(55)} ${ms(median(task, 'ms'))}  ${ms(whole)}   ${(whole / floor).toFixed(2).padStart(6)}   ${median(task, 'rssMiB').toFixed(0).padStart(5)} MiB ${perSecond(generated.lines)} ${perSecond(generated.files)}`);
}
const ratio = (a, b, key = 'wholeMs') => (median(a, key) / median(b, key)).toFixed(2);
const both = (...names) => names.every((name) => tasks.includes(name));
if (both('scan', 'scan-types')) console.log(`\nSDK calls found: scan ${median('scan', 'flows')}, scan --types ${median('scan-types', 'flows')}`);
if (both('eslint-piiflow')) console.log(`piiflow messages in ESLint (one per category sent): ${median('eslint-piiflow', 'messages')}`);
console.log('\nratios (whole process; below 1 is faster)');
if (both('scan', 'eslint')) console.log(`  piiflow scan / bare ESLint pass        ${ratio('scan', 'eslint')}   (target: below 1)`);
if (both('scan')) console.log(`  piiflow scan / TypeScript parse floor  ${ratio('scan', 'parse')}   (target: at most 1.0)`);
if (both('scan', 'scan-types')) console.log(`  scan --types / scan                    ${ratio('scan-types', 'scan')}   (target: at most 3)`);
if (both('eslint', 'eslint-piiflow')) console.log(`  ESLint with piiflow / bare ESLint      ${ratio('eslint-piiflow', 'eslint')}   (a first rule also makes ESLint walk every tree)`);
if (both('eslint-rules', 'eslint-rules-piiflow')) console.log(`  project config + piiflow / without     ${ratio('eslint-rules-piiflow', 'eslint-rules')}   (target: at most 1.10)`);
if (both('eslint-typed', 'eslint-typed-piiflow')) console.log(`  typed linting + piiflow / without      ${ratio('eslint-typed-piiflow', 'eslint-typed')}   (target: at most 1.10)`);
if (both('scan', 'eslint')) console.log(`  peak RSS, scan / bare ESLint           ${ratio('scan', 'eslint', 'rssMiB')}`);
if (both('scan', 'scan-cache')) console.log(`  scan --cache, cold / scan              ${ratio('scan-cache', 'scan')}   (the price of writing the cache)`);
if (both('scan-cache', 'scan-warm')) {
  console.log(`  warm rescan / cold scan                ${ratio('scan-warm', 'scan-cache')}   (target: at most 0.10; work only, without Node and module start-up: ${ratio('scan-warm', 'scan-cache', 'ms')})`);
}
if (both('scan-one-changed')) console.log(`  one file changed: ${median('scan-one-changed', 'wholeMs').toFixed(0)} ms whole process   (target: under 1000 ms at 500k lines)`);
for (const task of ['scan-warm', 'scan-one-changed'].filter((name) => tasks.includes(name))) {
  const expected = task === 'scan-warm' ? 0 : 1;
  const analysed = median(task, 'analysed');
  console.log(`  ${task}: ${median(task, 'reused')} files reused, ${analysed} analysed${analysed === expected ? '' : ` (expected ${expected}: the cache did not work as it should)`}`);
}
if (both('keystroke')) {
  console.log(`\none keystroke (re-lint of a file that reaches SDKs through wrappers, warm): ${median('keystroke', 'ms').toFixed(1)} ms with piiflow, ${median('keystroke', 'bareMs').toFixed(1)} ms bare (difference ${(median('keystroke', 'ms') - median('keystroke', 'bareMs')).toFixed(1)} ms)`);
}
