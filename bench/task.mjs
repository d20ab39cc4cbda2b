// One measured task, run in its own process so that its memory is its own.
// Usage: node bench/task.mjs <task> <folder>; prints {"ms": …, "rssMiB": …, …} on stdout.
// The time is from just before the work starts (modules loaded) to its end; the process start-up
// and module loading are timed by the parent (run.mjs) as part of the whole-process figure.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';

const [task, folder] = process.argv.slice(2);
const root = resolve(folder);
const repo = resolve(fileURLToPath(import.meta.url), '../..');
const files = () => fg.sync('**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts}', { cwd: root, absolute: true, ignore: ['**/node_modules/**'] });

/** What a project's own config typically turns on besides piiflow (core rules, no type information). */
const PROJECT_RULES = {
  eqeqeq: 'error',
  'no-var': 'error',
  'prefer-const': 'error',
  'no-debugger': 'error',
  'no-unreachable': 'error',
  'no-constant-condition': 'error',
  'no-self-compare': 'error',
  'no-throw-literal': 'error',
  'no-duplicate-imports': 'error',
  'no-unused-vars': 'error',
};

async function eslintPass(withPiiflow, withProjectRules = false, typed = false) {
  const { Linter } = await import('eslint');
  const tsParser = (await import('@typescript-eslint/parser')).default;
  // Typed linting: the parser builds a program from the tsconfig (typescript-eslint's project service).
  const parserOptions = typed ? { parserOptions: { projectService: true, tsconfigRootDir: root } } : {};
  const config = [{ files: ['**/*.{ts,tsx}'], languageOptions: { parser: tsParser, ...parserOptions }, ...(withProjectRules ? { rules: PROJECT_RULES } : {}) }];
  if (withPiiflow) config.push((await import(join(repo, 'dist/index.js'))).default.configs.recommended);
  const linter = new Linter({ cwd: root });
  let messages = 0;
  const started = performance.now();
  for (const file of files()) {
    const result = linter.verify(readFileSync(file, 'utf8'), config, { filename: file });
    for (const message of result) {
      if (message.fatal) throw new Error(`${file}: ${message.message}`);
      if (message.ruleId?.startsWith('piiflow/')) messages += 1;
    }
  }
  return { ms: performance.now() - started, messages };
}

const cacheFile = join(root, '.piiflowcache');

// The engine as the CLI loads it (require): an ESM import of a CommonJS module reads every export
// up front, which would load the TypeScript compiler even for a scan the cache answers.
const load = (path) => createRequire(import.meta.url)(join(repo, 'dist', path));
const engine = () => ({
  get scan() {
    return load('scanner/index.js').scan;
  },
  get ts() {
    return load('session/index.js').ts;
  },
});

async function cachedScan() {
  const { scan } = engine();
  let stats;
  const started = performance.now();
  const result = scan({ paths: [root], noPolicy: true, cache: cacheFile, onCache: (value) => (stats = value) });
  return { ms: performance.now() - started, flows: result.flows.length, reused: stats.reused, analysed: stats.analysed };
}

/** The files a repository task reads: those the scan discovered, listed by repo-scan in this file. */
const repoFileList = process.env.PIIFLOW_BENCH_FILES;

/** Source files ESLint lints in a real repository: TypeScript, outside dependencies and build output. */
const lintedFiles = () =>
  fg.sync('**/*.{ts,tsx,mts,cts}', { cwd: root, absolute: true, ignore: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/lib/**', '**/.next/**', '**/out/**', '**/*.d.ts'] }).sort();

async function repoEslint(withPiiflow) {
  const { Linter } = await import('eslint');
  const tsParser = (await import('@typescript-eslint/parser')).default;
  // One core rule, so that ESLint walks every tree (as any real config makes it do).
  const config = [{ files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } }, rules: { 'no-debugger': 'error' } }];
  if (withPiiflow) config.push((await import(join(repo, 'dist/index.js'))).default.configs.recommended);
  const linter = new Linter({ cwd: root });
  const list = lintedFiles();
  let messages = 0;
  let fatal = 0;
  const started = performance.now();
  for (const file of list) {
    for (const message of linter.verify(readFileSync(file, 'utf8'), config, { filename: file })) {
      if (message.fatal) fatal += 1;
      else if (message.ruleId?.startsWith('piiflow/')) messages += 1;
    }
  }
  return { ms: performance.now() - started, files: list.length, messages, fatal };
}

/** CPU time (user and system, every thread: the garbage collector's too) since `start`, in ms: less sensitive than the clock to other jobs on a shared machine. */
function cpuSince(start) {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const tasks = {
  /**
   * A real repository, scanned as the CLI does (no policy, the default or given budget): the time,
   * what was found, the files over budget and the time of each file (between two progress calls).
   */
  async 'repo-scan'() {
    // The compiler loaded before the clock starts, as for the parse floor (a cold scan loads it once, in
    // about half a second; the whole-process time still counts it).
    const { scan, ts } = engine();
    void ts.version;
    const maxFileMs = process.env.PIIFLOW_BENCH_MAX_FILE_MS ? Number(process.env.PIIFLOW_BENCH_MAX_FILE_MS) : undefined;
    let discovered = [];
    const perFile = [];
    let last = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    last = started;
    const result = scan({
      paths: [root],
      noPolicy: true,
      ...(maxFileMs ? { maxFileMs } : {}),
      onDiscovered: (files) => {
        discovered = files;
        last = performance.now();
      },
      onFile: (done) => {
        const now = performance.now();
        perFile.push([done - 1, now - last]);
        last = now;
      },
    });
    const ms = performance.now() - started;
    const cpuMs = cpuSince(cpu);
    writeFileSync(repoFileList, JSON.stringify(discovered));
    const slowest = perFile
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([index, fileMs]) => ({ file: discovered[index].slice(root.length + 1), ms: fileMs }));
    const overBudget = result.skipped.filter((entry) => /time budget/.test(entry.reason)).map((entry) => entry.file);
    return { ms, cpuMs, files: discovered.length, flows: result.flows.length, overBudget, slowest };
  },
  /** The parse floor of the same run: TypeScript's parser, one thread, over the files repo-scan discovered. */
  async 'repo-parse'() {
    const { ts } = engine();
    void ts.version;
    const list = JSON.parse(readFileSync(repoFileList, 'utf8'));
    let lines = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (const file of list) {
      let text;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines += 1;
      ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    }
    return { ms: performance.now() - started, cpuMs: cpuSince(cpu), lines };
  },
  /** ESLint over the repository's TypeScript files: @typescript-eslint/parser and one core rule, without and with piiflow. */
  'repo-eslint': () => repoEslint(false),
  'repo-eslint-piiflow': () => repoEslint(true),
  /** The floor: TypeScript's parser over every file, nothing else. */
  async parse() {
    // The compiler loaded before the clock starts: the work is the parse alone.
    const { ts } = engine();
    void ts.version;
    const started = performance.now();
    let nodes = 0;
    for (const file of files()) nodes += ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true).statements.length;
    return { ms: performance.now() - started, nodes };
  },
  /** A bare ESLint pass: @typescript-eslint/parser, no rules at all. */
  eslint: () => eslintPass(false),
  /** The same pass with the piiflow rule on (what an editor or `eslint .` costs). */
  'eslint-piiflow': () => eslintPass(true),
  /** A project's config: ten core rules, without and with piiflow (the rule's overhead in a real config). */
  'eslint-rules': () => eslintPass(false, true),
  'eslint-rules-piiflow': () => eslintPass(true, true),
  /** The project config with type information (typed linting), without and with piiflow. */
  'eslint-typed': () => eslintPass(false, true, true),
  'eslint-typed-piiflow': () => eslintPass(true, true, true),
  async scan() {
    const { scan } = engine();
    const started = performance.now();
    const result = scan({ paths: [root], noPolicy: true });
    return { ms: performance.now() - started, flows: result.flows.length };
  },
  /** A cold scan that writes the cache (what the first --cache run in CI costs). */
  async 'scan-cache'() {
    rmSync(cacheFile, { force: true });
    return cachedScan();
  },
  /** Brings the cache up to date (not measured: run before the warm tasks). */
  prime: () => cachedScan(),
  /** A rescan of the unchanged tree with the cache. */
  'scan-warm': () => cachedScan(),
  /** A rescan after one file that reaches SDKs through the app's wrappers changed (an edit, then a push). */
  async 'scan-one-changed'() {
    const file = files().find((path) => readFileSync(path, 'utf8').includes("from '@/lib/analytics'"));
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, `${original}\nexport const edited${Date.now()} = 1;\n`);
    try {
      return await cachedScan();
    } finally {
      writeFileSync(file, original);
    }
  },
  async 'scan-types'() {
    const { scan } = engine();
    const started = performance.now();
    const result = scan({ paths: [root], noPolicy: true, types: true });
    return { ms: performance.now() - started, flows: result.flows.length };
  },
  /**
   * One keystroke: re-linting a single file that reaches SDKs through the app's wrappers, in an
   * ESLint that has linted before (as an editor's has). The median of 30 repeats, with and
   * without the piiflow rule.
   */
  async keystroke() {
    const { Linter } = await import('eslint');
    const tsParser = (await import('@typescript-eslint/parser')).default;
    const piiflow = (await import(join(repo, 'dist/index.js'))).default;
    const file = files().find((path) => readFileSync(path, 'utf8').includes("from '@/lib/analytics'"));
    const text = readFileSync(file, 'utf8');
    const base = [{ files: ['**/*.{ts,tsx}'], languageOptions: { parser: tsParser } }];
    const median = (config) => {
      const linter = new Linter({ cwd: root });
      const times = [];
      for (let round = 0; round < 35; round++) {
        const started = performance.now();
        linter.verify(`${text}\n// edit ${round}\n`, config, { filename: file });
        if (round >= 5) times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
    };
    const bare = median(base);
    const withRule = median([...base, piiflow.configs.recommended]);
    return { ms: withRule, bareMs: bare };
  },
};

if (!tasks[task] || !folder) {
  console.error(`usage: node bench/task.mjs <${Object.keys(tasks).join('|')}> <folder>`);
  process.exit(2);
}
const outcome = await tasks[task]();
console.log(JSON.stringify({ ...outcome, rssMiB: process.resourceUsage().maxRSS / 1024 }));
