// The real-repository bench behind `npm run bench -- --repo <path> [--eslint]` (see run.mjs).
// Each task runs in a process of its own, so that its peak RSS is its own; the parse floor is
// measured in the same run, over the files the scan discovered, right after the scan.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

function runTask(taskScript, task, folder, env) {
  const started = performance.now();
  const child = spawnSync(process.execPath, [taskScript, task, folder], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env } });
  const wholeMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`bench task ${task} on ${folder} failed (exit ${child.status}):\n${child.stderr}`);
  return { ...JSON.parse(child.stdout.trim().split('\n').pop()), wholeMs };
}

const median = (samples, key) => {
  const sorted = samples.map((sample) => sample[key]).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
/** The sample whose work time is the median (its lists: slowest files, files over budget). */
const medianSample = (samples) => [...samples].sort((a, b) => a.ms - b.ms)[Math.floor(samples.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mib = (value) => `${value.toFixed(0)} MiB`;

export function benchRepositories({ repos, eslint, rounds, maxFileTime, taskScript, usage }) {
  if (!(rounds >= 1) || (maxFileTime !== undefined && !(Number(maxFileTime) > 0))) {
    console.error(usage);
    return 2;
  }
  const missing = repos.filter((path) => !existsSync(path) || !statSync(path).isDirectory());
  if (missing.length > 0) {
    console.error(`--repo: not a folder on disk: ${missing.join(', ')} (the bench reads repositories already checked out; see the README)`);
    return 2;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'piiflow-bench-repo-'));
  try {
    console.log(`piiflow bench on real repositories: ${rounds} round(s), Node ${process.version}${maxFileTime ? `, --max-file-time ${maxFileTime}` : ''}\n`);
    for (const repo of repos.map((path) => resolve(path))) {
      if (eslint) benchEslint(repo, rounds, taskScript);
      else benchScan(repo, rounds, maxFileTime, taskScript, scratch);
    }
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function benchScan(repo, rounds, maxFileTime, taskScript, scratch) {
  const env = { PIIFLOW_BENCH_FILES: join(scratch, `${basename(repo)}.files.json`), ...(maxFileTime ? { PIIFLOW_BENCH_MAX_FILE_MS: String(Number(maxFileTime) * 1000) } : {}) };
  const scans = [];
  const parses = [];
  for (let round = 0; round < rounds; round++) {
    scans.push(runTask(taskScript, 'repo-scan', repo, env));
    parses.push(runTask(taskScript, 'repo-parse', repo, env));
  }
  const scan = medianSample(scans);
  const floor = median(parses, 'ms');
  console.log(repo);
  console.log(`  files ${scan.files}, lines ${median(parses, 'lines').toLocaleString('en-US')}, SDK call sites found ${scan.flows}`);
  console.log(`  scan              ${seconds(median(scans, 'ms')).padStart(9)} work, ${seconds(median(scans, 'wholeMs')).padStart(9)} whole process, peak RSS ${mib(median(scans, 'rssMiB'))}`);
  console.log(`  parse floor       ${seconds(floor).padStart(9)} work, ${seconds(median(parses, 'wholeMs')).padStart(9)} whole process, peak RSS ${mib(median(parses, 'rssMiB'))}  (ts.createSourceFile, one thread, same files)`);
  console.log(`  scan / floor      ${(median(scans, 'ms') / floor).toFixed(2)} (work)   ${(median(scans, 'wholeMs') / median(parses, 'wholeMs')).toFixed(2)} (whole process)   ${(median(scans, 'cpuMs') / median(parses, 'cpuMs')).toFixed(2)} (CPU time of the work: ${seconds(median(scans, 'cpuMs'))} vs ${seconds(median(parses, 'cpuMs'))})`);
  console.log(`  files over budget ${scan.overBudget.length}${scan.overBudget.length ? `: ${scan.overBudget.join(', ')}` : ''}`);
  console.log('  slowest files (time between two progress calls of the scan, imports it analysed included):');
  for (const { file, ms } of scan.slowest) console.log(`    ${`${ms.toFixed(0)} ms`.padStart(9)}  ${file}`);
  console.log('');
}

function benchEslint(repo, rounds, taskScript) {
  const bare = [];
  const withRule = [];
  for (let round = 0; round < rounds; round++) {
    bare.push(runTask(taskScript, 'repo-eslint', repo, {}));
    withRule.push(runTask(taskScript, 'repo-eslint-piiflow', repo, {}));
  }
  const sample = medianSample(withRule);
  console.log(repo);
  console.log(`  ESLint over ${sample.files} TypeScript files (@typescript-eslint/parser, one core rule); piiflow messages: ${sample.messages}, fatal parse errors: ${sample.fatal}`);
  console.log(`  without piiflow   ${seconds(median(bare, 'ms')).padStart(9)} work, ${seconds(median(bare, 'wholeMs')).padStart(9)} whole process, peak RSS ${mib(median(bare, 'rssMiB'))}`);
  console.log(`  with recommended  ${seconds(median(withRule, 'ms')).padStart(9)} work, ${seconds(median(withRule, 'wholeMs')).padStart(9)} whole process, peak RSS ${mib(median(withRule, 'rssMiB'))}`);
  const added = (median(withRule, 'ms') / median(bare, 'ms') - 1) * 100;
  console.log(`  the rule adds     ${added.toFixed(1)}% time (work; target at most 15%), ${mib(median(withRule, 'rssMiB') - median(bare, 'rssMiB'))} RSS (target under 200 MiB)`);
  console.log('');
}
