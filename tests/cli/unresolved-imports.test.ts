import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { scan } from '../helpers/piiflow';
import { temporaryRepository } from '../helpers/repository';

const fixtures = join(__dirname, '..', 'fixtures', 'projects', 'aliases');
const repo = join(__dirname, '..', '..');

const types = 'export interface User { id: string; email: string; fullName: string }\n';
const profile = "import mixpanel from 'mixpanel-browser';\nimport type { User } from '@/shared/types';\nexport const show = (user: User) => mixpanel.people.set({ ...user });\n";

// Issue 16, defect 8: in an app without tsconfig.json, a User imported through `@/shared/types` was
// silently unknown, and the spread of it reported as sending nothing.
describe('imports of app code that lead nowhere', () => {
  it('are counted in the summary, listed with --verbose and in the JSON; packages, styles and optional packages are not', () => {
    const root = join(fixtures, 'no-config');
    const plain = runCli(['scan', '.'], root);
    expect(plain.stdout).toContain('1 app import not resolved; --verbose lists it');
    expect(plain.stdout).not.toContain('Imports not resolved');
    const verbose = runCli(['scan', '.', '--verbose'], root);
    expect(verbose.stdout).toContain("Imports not resolved (1): what flows through them is not followed\n  src/app/profile.ts:3:27  '@/shared/types'  no tsconfig.json paths entry and no bundler alias maps @/\n");
    expect(verbose.stdout).toContain(', 1 app import not resolved).');
    const result = scan({ paths: [root] });
    expect(result.unresolvedImports).toEqual([{ file: 'src/app/profile.ts', line: 3, column: 27, specifier: '@/shared/types', reason: 'no tsconfig.json paths entry and no bundler alias maps @/' }]);
  });

  it('a scan with nothing unresolved has no such field', () => {
    expect(scan({ paths: [join(repo, 'examples', 'webshop')] }).unresolvedImports).toBeUndefined();
  });

  it('a Vite alias (fileURLToPath(new URL(...))) is read: the spread of the User sends its fields', () => {
    const result = scan({ paths: [join(fixtures, 'vite')] });
    expect(result.unresolvedImports).toBeUndefined();
    expect(result.flows.flatMap((flow) => flow.data.map((item) => `${item.field} ${item.category}`))).toEqual(['email email', 'fullName name', 'id user_id']);
  });

  it.each([
    ['webpack.config.js', "const path = require('path');\nmodule.exports = { resolve: { alias: { '@': path.resolve(__dirname, 'src') } } };\n"],
    ['next.config.js', "const path = require('path');\nmodule.exports = { webpack: (config) => { config.resolve.alias['@'] = path.join(__dirname, 'src'); return config; } };\n"],
    ['vitest.config.mts', "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ resolve: { alias: { '@/': new URL('./src/', import.meta.url).pathname } } });\n"],
  ])('an alias in %s is read', (config, text) => {
    const root = temporaryRepository({ 'package.json': '{ "name": "app" }\n', [config]: text, 'src/shared/types.ts': types, 'src/app/profile.ts': profile });
    const result = scan({ paths: [root] });
    expect(result.unresolvedImports).toBeUndefined();
    expect(result.summary.vendors[0]!.categories).toEqual(['email', 'name', 'user_id']);
  });

  it('a tsconfig paths entry wins over a bundler alias; a missing file, an alias to nowhere and an alias outside the repository are listed', () => {
    const root = temporaryRepository({
      'package.json': '{ "name": "app" }\n',
      'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"], "@gone/*": ["./removed/*"] } } }\n',
      'vite.config.ts': "export default { resolve: { alias: { '@': '/elsewhere', '~': '/../../outside' } } };\n",
      'src/shared/types.ts': types,
      'src/app/profile.ts': `${profile}import { helper } from './helper';\nimport { old } from '@gone/old';\nimport { far } from '~/far';\nimport data from './data';\nimport raw from './readme.md?raw';\n// import { commented } from './commented-out';\nexport { helper, old, far, data, raw };\n`,
      'src/app/data.json': '{}\n',
      'src/app/readme.md': '# hi\n',
    });
    const result = scan({ paths: [root] });
    expect(result.summary.vendors[0]!.categories).toEqual(['email', 'name', 'user_id']);
    expect(result.unresolvedImports?.map((entry) => `${entry.line}:${entry.column} ${entry.specifier}: ${entry.reason}`)).toEqual([
      "4:24 ./helper: no such file",
      '5:21 @gone/old: the alias @gone/* leads to no file',
      '6:21 ~/far: no tsconfig.json paths entry and no bundler alias maps ~/',
    ]);
  });

  it('a relative import out of the repository is listed as not read', () => {
    const root = temporaryRepository({ 'src/a.ts': "import mixpanel from 'mixpanel-browser';\nimport { user } from '../../../../../../../../../etc/user';\nmixpanel.track('x', { email: user.email });\n" });
    expect(scan({ paths: [root] }).unresolvedImports).toEqual([{ file: 'src/a.ts', line: 2, column: 22, specifier: '../../../../../../../../../etc/user', reason: 'outside the repository: not read' }]);
  });

  it('with --cache, a file reused from the cache still has its unresolved imports listed', () => {
    const root = temporaryRepository({ 'src/a.ts': "import { x } from './missing';\nexport const y = x;\n" });
    const first = runCli(['scan', 'src', '--cache', '-f', 'json'], root);
    const second = runCli(['scan', 'src', '--cache', '-f', 'json'], root);
    expect(second.stderr).toContain('1 file reused');
    expect(JSON.parse(second.stdout).unresolvedImports).toEqual(JSON.parse(first.stdout).unresolvedImports);
    expect(JSON.parse(second.stdout).unresolvedImports).toHaveLength(1);
  });

  it('shards list their own, piiflow merge lists them all as one scan would; a damaged entry is refused', () => {
    const files = Object.fromEntries(Array.from({ length: 6 }, (_, index) => [`src/f${index}.ts`, `import { x } from './gone-${index}';\nexport const y${index} = x;\n`]));
    const root = temporaryRepository(files);
    const whole = scan({ paths: [root] }).unresolvedImports;
    expect(whole).toHaveLength(6);
    for (const index of [1, 2]) expect(runCli(['scan', '.', '--shard', `${index}/2`, '-f', 'json', '-o', `shard-${index}.json`], root).code).toBe(0);
    const merged = runCli(['merge', 'shard-1.json', 'shard-2.json', '-f', 'json'], root);
    expect(JSON.parse(merged.stdout).unresolvedImports).toEqual(whole);
    expect(runCli(['merge', 'shard-1.json', 'shard-2.json', '--verbose'], root).stdout).toContain("src/f0.ts:1:19  './gone-0'  no such file");
    const damaged = JSON.parse(readFileSync(join(root, 'shard-1.json'), 'utf8'));
    damaged.unresolvedImports = [{ file: 'src/f0.ts', line: 'one' }];
    writeFileSync(join(root, 'shard-1.json'), JSON.stringify(damaged));
    const refused = runCli(['merge', 'shard-1.json', 'shard-2.json'], root);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('unresolvedImports');
  });
});
