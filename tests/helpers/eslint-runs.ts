import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanResult } from './piiflow';

export const repo = join(__dirname, '..', '..');

/** One reported violation, in a form both front-ends can produce: `file:line:column category` at the SDK call. */
export type Finding = string;

const MESSAGE = /^(.+?) receives (.+?) from (.+?)\. (?:No policy allows it|The policy does not allow it|Key the hash|Send its fields by name)/;

/**
 * The categories a message of piiflow's rule lists for one SDK call (`Sentry receives user_id and
 * email, plus ip_address (SDK-collected) from Sentry.init. No policy allows it.`); a cut list
 * (`a, b, c, d and 3 more`) ends with `+3`.
 */
export function itemsOfMessage(message: string): { category: string }[] | undefined {
  const match = MESSAGE.exec(message);
  if (!match) return undefined;
  const more = / and (\d+) more$/.exec(match[2]!);
  const listed = (more ? match[2]!.slice(0, more.index) : match[2]!)
    .replace(/fields of unknown shape \(.*\)$/, 'fields of unknown shape')
    .replace(/ \([^)]*\)/g, '')
    .split(/, plus |, | and /);
  // Objects of unknown shape are listed last, as `fields of unknown shape (req.body)`: category unclassified.
  return [...listed, ...(more ? [`+${more[1]}`] : [])].map((category) => ({ category: category === 'fields of unknown shape' ? 'unclassified' : category }));
}

/** The categories of a call as a message lists them: all of them, or the first four in alphabetical order and `+N`. */
export function listedCategories(categories: readonly string[]): string[] {
  const unique = [...new Set(categories)];
  return unique.length > 5 ? [...unique.sort().slice(0, 4), `+${unique.length - 4}`] : unique;
}

interface EslintJsonResult {
  filePath: string;
  messages: { ruleId: string | null; message: string; line: number; column: number; fatal?: boolean }[];
}

/** `file:line:column category`, from ESLint's JSON formatter output. */
export function findingsFromEslint(results: EslintJsonResult[], root: string): Finding[] {
  const findings: Finding[] = [];
  for (const result of results) {
    const file = result.filePath.slice(root.length + 1).split('\\').join('/');
    for (const message of result.messages) {
      if (message.fatal) throw new Error(`ESLint could not parse ${file}: ${message.message}`);
      if (message.ruleId !== 'piiflow/no-unapproved-personal-data') throw new Error(`unexpected message in ${file}: ${message.ruleId}: ${message.message}`);
      const items = itemsOfMessage(message.message);
      if (!items) throw new Error(`unparsable message: ${message.message}`);
      for (const item of items) findings.push(`${file}:${message.line}:${message.column} ${item.category}`);
    }
  }
  return findings.sort();
}

/** The scan's open violations the same way: each category once per SDK call, at the call. */
export function findingsFromScan(result: ScanResult): Finding[] {
  return result.flows
    .flatMap((flow) => listedCategories(flow.data.filter((item) => item.verdict === 'violation').map((item) => item.category)).map((category) => `${flow.sink.file}:${flow.sink.line}:${flow.sink.column} ${category}`))
    .sort();
}

/**
 * A copy of the example as an app would have it: eslint-plugin-piiflow and the TypeScript parser
 * installed in its node_modules (as links to this checkout).
 */
export function installedExampleCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'piiflow-webshop-'));
  cpSync(join(repo, 'examples', 'webshop'), root, { recursive: true });
  mkdirSync(join(root, 'node_modules', '@typescript-eslint'), { recursive: true });
  symlinkSync(repo, join(root, 'node_modules', 'eslint-plugin-piiflow'), 'dir');
  for (const name of ['parser', 'typescript-estree', 'types', 'visitor-keys', 'scope-manager', 'project-service', 'tsconfig-utils']) {
    symlinkSync(join(repo, 'node_modules', '@typescript-eslint', name), join(root, 'node_modules', '@typescript-eslint', name), 'dir');
  }
  return root;
}

/** Runs an ESLint CLI (`eslint`, `eslint-v9`, `eslint-v8`) and returns its JSON results; exit code 1 (problems found) is expected. */
export function runEslintCli(packageName: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): EslintJsonResult[] {
  const bin = join(repo, 'node_modules', packageName, 'bin', 'eslint.js');
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, [bin, '--format', 'json', ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    if (failed.status !== 1) throw new Error(`${packageName} exited ${failed.status}: ${failed.stderr}`);
    stdout = failed.stdout ?? '';
  }
  return JSON.parse(stdout) as EslintJsonResult[];
}
