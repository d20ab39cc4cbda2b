import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanResult } from './piiflow';

export const repo = join(__dirname, '..', '..');

/** One reported violation, in a form both front-ends can produce. */
export type Finding = string;

// `field (category, pseudonymized with a plain sha256)`, `email (anonymized with a keyed hmac-sha256)`, `h (email, hashed by name only)`.
const MESSAGE = /^(.+?)(?: \((?:([a-z_]+)(?:, )?)?(?:(?:hashed|anonymized|pseudonymized) (?:with|by) .*?)?\))? is sent to (.+?) by (.+?): /;
const COLLECTED = /^.+? collects ([a-z_, ]+?) on its own(?: under .+?)?: (.+?)\. /;

/**
 * The category and field of each item a message of piiflow's rule reports: `$email (email) is sent
 * to ...`, `email is sent to ...` (the field is the category's name), `Sentry collects credentials
 * and ip_address on its own under Sentry.init: <what>. ...` (one message for several categories).
 */
export function itemsOfMessage(message: string): { category: string; field: string }[] | undefined {
  const sent = MESSAGE.exec(message);
  if (sent) return [{ category: sent[2] ?? sent[1]!, field: sent[1]! }];
  const collected = COLLECTED.exec(message);
  if (collected) return collected[1]!.split(/, | and /).map((category) => ({ category, field: collected[2]! }));
  return undefined;
}

interface EslintJsonResult {
  filePath: string;
  messages: { ruleId: string | null; message: string; line: number; column: number; fatal?: boolean }[];
}

/** `file:line:column category field`, from ESLint's JSON formatter output. */
export function findingsFromEslint(results: EslintJsonResult[], root: string): Finding[] {
  const findings: Finding[] = [];
  for (const result of results) {
    const file = result.filePath.slice(root.length + 1).split('\\').join('/');
    for (const message of result.messages) {
      if (message.fatal) throw new Error(`ESLint could not parse ${file}: ${message.message}`);
      if (message.ruleId !== 'piiflow/no-unapproved-personal-data') throw new Error(`unexpected message in ${file}: ${message.ruleId}: ${message.message}`);
      const items = itemsOfMessage(message.message);
      if (!items) throw new Error(`unparsable message: ${message.message}`);
      for (const item of items) findings.push(`${file}:${message.line}:${message.column} ${item.category} ${item.field}`);
    }
  }
  return findings.sort();
}

export function findingsFromScan(result: ScanResult): Finding[] {
  return result.flows
    .flatMap((flow) => flow.data.filter((item) => item.verdict === 'violation').map((item) => `${flow.sink.file}:${item.at.line}:${item.at.column} ${item.category} ${item.field}`))
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
