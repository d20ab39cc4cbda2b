// npm run bench [-- --lines N --rounds R]: piiflow's speed and memory, as ratios to what the same
// machine does anyway (TypeScript's parser, a bare ESLint pass), measured side by side in one run
// with the tasks interleaved, so that a noisy shared machine slows all of them alike.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generate } from './generate.mjs';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } } });
const lines = Number(values.lines);
const rounds = Number(values.rounds);
if (!(lines >= 1000) || !(rounds >= 1)) {
  console.error('usage: npm run bench -- [--lines N (at least 1000)] [--rounds R (at least 1)] [--keep]');
  process.exit(2);
}

const folder = mkdtempSync(join(tmpdir(), 'piiflow-bench-'));
const generated = generate(lines, folder);
const taskScript = fileURLToPath(new URL('./task.mjs', import.meta.url));
console.log(`piiflow bench: ${generated.lines} lines in ${generated.files} files (${folder}), ${rounds} round(s), Node ${process.version}\n`);

const tasks = ['parse', 'eslint', 'eslint-piiflow', 'scan', 'scan-types', 'keystroke'];
const samples = Object.fromEntries(tasks.map((task) => [task, []]));
for (let round = 0; round < rounds; round++) {
  for (const task of tasks) {
    const started = performance.now();
    const child = spawnSync(process.execPath, [taskScript, task, folder], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const wholeMs = performance.now() - started;
    if (child.status !== 0) {
      console.error(`bench task ${task} failed (exit ${child.status}):\n${child.stderr}`);
      process.exit(1);
    }
    samples[task].push({ ...JSON.parse(child.stdout.trim().split('\n').pop()), wholeMs });
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
  ['scan', 'piiflow scan (no type checker)'],
  ['scan-types', 'piiflow scan --types'],
];
console.log('task                                                      work      whole process   peak RSS   lines/s (whole)');
for (const [task, label] of rows) {
  const whole = median(task, 'wholeMs');
  console.log(`${label.padEnd(55)} ${ms(median(task, 'ms'))}  ${ms(whole)}   ${median(task, 'rssMiB').toFixed(0).padStart(5)} MiB   ${Math.round(generated.lines / (whole / 1000)).toLocaleString('en-US').padStart(10)}`);
}
const ratio = (a, b, key = 'wholeMs') => (median(a, key) / median(b, key)).toFixed(2);
console.log(`\nSDK calls found: scan ${median('scan', 'flows')}, scan --types ${median('scan-types', 'flows')}; ESLint messages (one per category sent) ${median('eslint-piiflow', 'messages')}`);
console.log('\nratios (whole process; below 1 is faster)');
console.log(`  piiflow scan / bare ESLint pass        ${ratio('scan', 'eslint')}   (target: below 1)`);
console.log(`  piiflow scan / TypeScript parse floor  ${ratio('scan', 'parse')}`);
console.log(`  scan --types / scan                    ${ratio('scan-types', 'scan')}`);
console.log(`  ESLint with piiflow / bare ESLint      ${ratio('eslint-piiflow', 'eslint')}`);
console.log(`  peak RSS, scan / bare ESLint           ${ratio('scan', 'eslint', 'rssMiB')}`);
console.log(`\none keystroke (re-lint of a file that reaches SDKs through wrappers, warm): ${median('keystroke', 'ms').toFixed(1)} ms with piiflow, ${median('keystroke', 'bareMs').toFixed(1)} ms bare (difference ${(median('keystroke', 'ms') - median('keystroke', 'bareMs')).toFixed(1)} ms)`);
