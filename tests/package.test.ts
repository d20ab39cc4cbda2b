import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryRepository } from './helpers/repository';

const repo = join(__dirname, '..');

/** The built package, loaded the way ESLint 8 (require) and flat configs (import) load it. */
describe('the published package', () => {
  it('require() gives the plugin with rules, both presets and scan()', () => {
    const script = `
      const piiflow = require('eslint-plugin-piiflow');
      console.log(JSON.stringify({
        rules: Object.keys(piiflow.rules),
        presets: Object.keys(piiflow.configs),
        flatPlugins: Object.keys(piiflow.configs.recommended.plugins),
        legacyPlugins: piiflow.configs['recommended-legacy'].plugins,
        scan: typeof piiflow.scan,
        meta: piiflow.meta.name,
      }));`;
    const output = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: repo, encoding: 'utf8' }));
    expect(output).toEqual({
      rules: ['no-unapproved-personal-data', 'personal-data-warning'],
      presets: ['recommended', 'recommended-legacy'],
      flatPlugins: ['piiflow'],
      legacyPlugins: ['piiflow'],
      scan: 'function',
      meta: 'eslint-plugin-piiflow',
    });
  });

  it('import gives the same object as its default export', () => {
    const script = `import('eslint-plugin-piiflow').then((module) => console.log(module.default.configs.recommended.plugins.piiflow === module.default));`;
    expect(execFileSync(process.execPath, ['-e', script], { cwd: repo, encoding: 'utf8' }).trim()).toBe('true');
  });

  it('import { scan } works from an ES module (issue 16, defect 10)', () => {
    const script = `import { scan, rules, configs } from 'eslint-plugin-piiflow'; import piiflow from 'eslint-plugin-piiflow'; console.log(typeof scan, scan === piiflow.scan, Object.keys(rules).join(), Object.keys(configs).join());`;
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repo, encoding: 'utf8' }).trim()).toBe('function true no-unapproved-personal-data,personal-data-warning recommended,recommended-legacy');
  });

  it('scan() refuses an unknown option, and its errors say where in `message` (issue 16, defect 10)', () => {
    const folder = temporaryRepository({ 'piiflow.policy.yaml': 'version: 1\nvendor: {}\n', 'a.ts': 'export const a = 1;\n' });
    const script = `
      const { scan } = require('eslint-plugin-piiflow');
      const tried = (options) => { try { scan(options); return 'no error'; } catch (error) { return error.name + ': ' + error.message + ' | ' + (error.hint || ''); } };
      console.log(JSON.stringify([tried({ paths: [${JSON.stringify(folder)}], polcy: 'x.yaml' }), tried({ paths: [${JSON.stringify(folder)}] })]));`;
    const [unknown, policy] = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: repo, encoding: 'utf8' })) as string[];
    expect(unknown).toBe('PiiflowUserError: unknown scan() option "polcy" | did you mean "policy"?');
    expect(policy).toMatch(/^PiiflowUserError: .*piiflow\.policy\.yaml:2:1: invalid policy: unknown key "vendor" \| did you mean "vendors"\?$/);
  });

  it('the tarball holds the LICENSE', () => {
    const listed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repo, encoding: 'utf8' })) as { files: { path: string }[] }[];
    expect(listed[0]!.files.map((file) => file.path)).toContain('LICENSE');
  });

  it('loads the TypeScript compiler only when a file needs analysis: not for a scan the cache answers', () => {
    const folder = temporaryRepository({}, join(repo, 'examples', 'webshop'));
    const script = (cache: string) => `
      const { scan } = require('eslint-plugin-piiflow');
      let stats;
      const result = scan({ paths: [${JSON.stringify(folder)}], cache: ${JSON.stringify(cache)}, onCache: (value) => (stats = value) });
      const loaded = Object.keys(require.cache).some((path) => /[\\/]typescript[\\/]lib[\\/]typescript\.js$/.test(path));
      console.log(JSON.stringify({ violations: result.summary.violations, analysed: stats.analysed, loaded }));`;
    const run = () => JSON.parse(execFileSync(process.execPath, ['-e', script(join(folder, '.piiflowcache'))], { cwd: repo, encoding: 'utf8' })) as object;
    expect(run()).toEqual({ violations: 7, analysed: 9, loaded: true });
    expect(run()).toEqual({ violations: 7, analysed: 0, loaded: false });
  });

  it('scan() works from the built package', () => {
    const script = `const { scan } = require('eslint-plugin-piiflow'); const r = scan({ paths: ['examples/webshop'] }); console.log(r.summary.violations);`;
    expect(execFileSync(process.execPath, ['-e', script], { cwd: repo, encoding: 'utf8' }).trim()).toBe('7');
  });
});
