import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from './helpers/piiflow';
import { compareWithMarkers, readExpectations } from './helpers/expectations';
import { temporaryRepository } from './helpers/repository';

const root = join(__dirname, 'fixtures', 'projects', 'cross-file');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [join(directory, entry.name)] : [],
  );
}

describe('SDK instances reached through the app\'s own modules', () => {
  const result = scan({ paths: [root] });
  const files = sourceFiles(root).sort();

  it('scans every file of the project', () => {
    expect(result.skipped).toEqual([]);
    expect(result.summary.filesScanned).toBe(files.length);
  });

  it('marks enough cross-file calls to mean something', () => {
    expect(files.flatMap(readExpectations).length).toBeGreaterThanOrEqual(6);
  });

  it.each(files.map((file) => [relative(root, file), file]))('%s', (name, file) => {
    const flows = result.flows.filter((flow) => flow.sink.file === name.split('\\').join('/'));
    expect(compareWithMarkers(file, flows)).toEqual([]);
  });

  it('traces a value through a hash helper in another file, with that file named', () => {
    const posthog = result.flows.find((flow) => flow.sink.call === 'posthog.identify')!;
    const contact = posthog.data.find((item) => item.field === 'contact')!;
    expect(contact).toMatchObject({ category: 'email', anonymized: true, anonymizer: 'sha256', anonymizerStrength: 'plain' });
    expect(contact.trace.map((step) => `${step.file}:${step.line}`)).toEqual(['src/app/signup.ts:11', 'src/lib/crypto.ts:4', 'src/app/signup.ts:11']);
  });
});

describe('data passed through the app\'s own functions in other files', () => {
  const wrappers = join(__dirname, 'fixtures', 'projects', 'wrappers');
  const result = scan({ paths: [wrappers] });
  const files = sourceFiles(wrappers).sort();

  it.each(files.map((file) => [relative(wrappers, file), file]))('%s', (name, file) => {
    const flows = result.flows.filter((flow) => flow.sink.file === name.split('\\').join('/'));
    expect(compareWithMarkers(file, flows)).toEqual([]);
  });

  it('reports at the caller, with the trace going into the wrapper and the SDK call named', () => {
    const flow = result.flows.find((candidate) => candidate.sink.file === 'src/app/account.ts' && candidate.sink.line === 6)!;
    expect(flow.sink).toMatchObject({ call: 'trackEvent', method: 'track', through: 'mixpanel-browser', via: { file: 'src/lib/analytics.ts', line: 11, call: 'mixpanel.track' } });
    expect(flow.data[0]!.trace.map((step) => `${step.file}:${step.line} ${step.expression}`)).toEqual([
      'src/app/account.ts:6 user.email',
      "src/lib/analytics.ts:11 mixpanel.track(name, { ...properties, source: 'web' })",
    ]);
  });
});

describe('monorepo workspace packages', () => {
  const monorepo = join(__dirname, 'fixtures', 'projects', 'monorepo');

  it('resolves @acme/analytics to its source (no node_modules, package.json pointing at dist/)', () => {
    const app = join(monorepo, 'apps', 'web');
    const result = scan({ paths: [app] });
    const file = join(app, 'src', 'signup.ts');
    expect(compareWithMarkers(file, result.flows.filter((flow) => flow.sink.file === 'src/signup.ts'))).toEqual([]);
    expect(result.flows.find((flow) => flow.vendor === 'mixpanel')?.sink.via).toMatchObject({ call: 'mixpanel.track' });
  });
});

describe('dependency injection', () => {
  const root = join(__dirname, 'fixtures', 'projects', 'di');

  it('follows a service injected by its class type (constructor parameter property, a field set in the constructor, an @Inject() field) into a workspace package', () => {
    const result = scan({ paths: [root] });
    for (const file of ['apps/api/src/usecases.ts', 'libs/server/src/services/analytics.service.ts']) {
      expect(compareWithMarkers(join(root, file), result.flows.filter((flow) => flow.sink.file === file)), file).toEqual([]);
    }
    expect(result.flows.find((flow) => flow.sink.file === 'apps/api/src/usecases.ts')?.sink.via).toMatchObject({ file: 'libs/server/src/services/analytics.service.ts', call: 'this.segment.track' });
  });
});

describe('pnpm workspaces and package.json exports', () => {
  const monorepo = join(__dirname, 'fixtures', 'projects', 'monorepo-pnpm');

  it('resolves subpath, conditional and pattern exports of a pnpm workspace package, and nothing a negated glob leaves out', () => {
    const app = join(monorepo, 'apps', 'web');
    const result = scan({ paths: [app] });
    expect(compareWithMarkers(join(app, 'src', 'account.ts'), result.flows.filter((flow) => flow.sink.file === 'src/account.ts'))).toEqual([]);
    expect(result.flows.map((flow) => flow.sink.via && `${flow.sink.via.file}:${flow.sink.via.line} ${flow.sink.via.call}`)).toEqual([
      '../../packages/telemetry/src/server.ts:6 client.identify',
      '../../packages/telemetry/src/client.ts:3 posthog.identify',
      '../../packages/telemetry/src/events/signup.ts:4 mixpanel.track',
    ]);
  });

  it('a scan of the app alone reports what the wrapper outside it sends by itself, at the app\'s call; a scan of the whole repository reports it at the wrapper', () => {
    const whole = scan({ paths: [monorepo] });
    const places = whole.flows.filter((flow) => flow.data.length > 0).map((flow) => `${flow.sink.file}:${flow.sink.line} ${flow.data.map((item) => item.category).join(' ')}`);
    expect(places).toEqual([
      'apps/web/src/account.ts:7 email',
      'apps/web/src/account.ts:8 name',
      'apps/web/src/account.ts:9 email',
      'packages/telemetry/src/client.ts:3 user_id',
      'packages/telemetry/src/server.ts:6 user_id',
    ]);
  });
});

describe('anonymizers declared in the policy', () => {
  const root = join(__dirname, 'fixtures', 'projects', 'declared-anonymizer');

  it('a declared function anonymizes, weak ones do not satisfy anonymize, and undeclared ones are judged by their body', () => {
    const result = scan({ paths: [root] });
    const items = result.flows.flatMap((flow) => flow.data.map((item) => `${flow.sink.line} ${item.field} ${item.category} ${item.anonymized ? item.anonymizer : 'clear'} ${item.verdict}`));
    expect(items).toEqual([
      '9 user.id user_id clear allowed',
      '9 email_token email pseudonymize (declared in the policy) allowed',
      '10 email_md5 email legacyHash (declared in the policy) violation',
      '11 contact email clear violation',
    ]);
  });
});

describe('keys and salts in other files', () => {
  it('a hash helper salted from a config module is keyed at every caller; a helper salted with a literal is plain', () => {
    const folder = temporaryRepository({
      'src/config.ts': 'export const config = { hashing: { pepper: process.env.PII_PEPPER ?? "" }, publicSalt: "in-the-bundle" };\n',
      'src/lib/hash.ts': [
        "import { createHash } from 'node:crypto';",
        "import { config } from '../config';",
        'export const keyedHash = (value: string) => createHash(\'sha256\').update(config.hashing.pepper).update(value).digest(\'hex\');',
        'export const saltedInCode = (value: string) => createHash(\'sha256\').update(config.publicSalt + value).digest(\'hex\');',
        '',
      ].join('\n'),
      'src/app.ts': [
        "import posthog from 'posthog-js';",
        "import { keyedHash, saltedInCode } from './lib/hash';",
        'export function track(user: { email: string; phone: string }) {',
        "  posthog.capture('a', { email: keyedHash(user.email), phone: saltedInCode(user.phone) });",
        '}',
        '',
      ].join('\n'),
    });
    const result = scan({ paths: [folder], cwd: folder, noPolicy: true });
    const items = result.flows.flatMap((flow) => flow.data.map((item) => `${flow.sink.file}:${flow.sink.line} ${item.category} ${item.anonymizerStrength} ${item.anonymizerNote ?? ''}`));
    expect(items).toEqual(['src/app.ts:4 email keyed salted with process.env.PII_PEPPER', 'src/app.ts:4 phone plain salt config.publicSalt written in the code']);
  });
});
