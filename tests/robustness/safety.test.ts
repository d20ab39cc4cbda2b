import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(__dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'piiflow-safety-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sources(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [join(directory, entry.name)] : []));
}

describe('safety', () => {
  it('works with networking unavailable: any attempt to open a connection or resolve a name fails the run', () => {
    // A preload that makes every network entry point throw, then the real bin on the example and the corpus.
    const preload = join(scratch, 'no-network.cjs');
    writeFileSync(
      preload,
      [
        "const fail = (what) => () => { throw new Error('network used: ' + what); };",
        "const net = require('node:net'); net.connect = net.createConnection = fail('net.connect'); net.Socket.prototype.connect = fail('socket.connect');",
        "for (const name of ['node:http', 'node:https']) { const m = require(name); m.request = m.get = fail(name); }",
        "const dns = require('node:dns'); dns.lookup = dns.resolve = fail('dns');",
        "const dgram = require('node:dgram'); dgram.createSocket = fail('dgram');",
        "globalThis.fetch = fail('fetch');",
      ].join('\n'),
    );
    for (const target of ['examples/webshop', 'tests/corpus/support-ai']) {
      const run = (() => {
        try {
          return { code: 0, out: execFileSync(process.execPath, ['--require', preload, join(repo, 'bin', 'piiflow.js'), 'scan', target, '--format', 'json'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
        } catch (error) {
          const failed = error as { status: number; stdout: string; stderr: string };
          return { code: failed.status, out: failed.stdout, err: failed.stderr };
        }
      })();
      expect(run.code, JSON.stringify(run)).toBeLessThan(2);
      expect(JSON.parse(run.out).summary.flows).toBeGreaterThan(0);
    }
  });

  it('never evaluates code: no eval, new Function, vm or dynamic import of scanned files in the source', () => {
    for (const file of sources(join(repo, 'src'))) {
      // Code only: comments may speak of these things.
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      expect(text, file).not.toMatch(/\beval\s*\(|new\s+Function\s*\(|from\s+['"](node:)?vm['"]|require\(['"](node:)?vm['"]\)/);
      expect(text, file).not.toMatch(/\bimport\s*\(\s*[^'"`]/); // no import(variable): the only dynamic import is none
    }
  });

  it('keeps secrets and personal data found as literals out of reports', () => {
    const root = join(scratch, 'literals');
    mkdirSync(root);
    writeFileSync(
      join(root, 'a.ts'),
      [
        "import * as Sentry from '@sentry/browser';",
        "export const f = (user: { email: string }) => Sentry.setUser({ email: user.email || 'jane.doe@example.com', phone: '+33 6 12 34 56 78' });",
        "export const g = (user: { id: string }) => Sentry.setUser({ id: user.id, token: 'sk_live_51HfakeFAKEfake0123456789abcd' + user.id });",
        "export const h = (user: { email: string }) => Sentry.setUser({ email: [user.email, 'jane.doe@example.com'].join(',') });",
        '',
      ].join('\n'),
    );
    for (const format of ['json', 'text']) {
      let out = '';
      try {
        out = execFileSync(process.execPath, [join(repo, 'bin', 'piiflow.js'), 'scan', root, '--format', format], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        out = (error as { stdout: string }).stdout;
      }
      expect(out.length, format).toBeGreaterThan(100);
      expect(out, format).not.toContain('jane.doe@example.com');
      expect(out, format).not.toContain('sk_live_51HfakeFAKEfake0123456789abcd');
      expect(out, format).not.toContain('12 34 56 78');
    }
    const json = execFileSync(process.execPath, ['-e', `process.stdout.write(JSON.stringify(require(${JSON.stringify(join(repo, 'dist', 'index.js'))}).scan({ paths: [${JSON.stringify(root)}] })))`], { encoding: 'utf8' });
    expect(json).toContain('<redacted-email>');
    expect(json).toContain('<redacted-token>');
  });

  it('has no regular expression in any data format: names are word lists, so nothing a policy says can backtrack', () => {
    for (const schema of ['vendor', 'data-type', 'policy']) {
      const text = readFileSync(join(repo, 'rules', 'schemas', `${schema}.schema.json`), 'utf8');
      expect(text, schema).not.toMatch(/"format":\s*"regex"/);
      expect(text, schema).not.toMatch(/"description":\s*"[^"]*\bregular expression/i);
    }
  });
});
