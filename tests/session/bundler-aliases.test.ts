import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundlerAliases } from '../../src/session/bundler-aliases';

const app = '/repo/apps/web';
const aliases = (file: string, text: string) => bundlerAliases(join(app, file), text).map(({ key, target, exact }) => `${key}${exact ? '$' : ''} -> ${target}`);

// Issue 16, defect 8: aliases written as plain literals in a bundler's configuration, read from its
// syntax tree (never executed).
describe('bundler aliases read from configuration files', () => {
  it.each([
    ['vite.config.ts', "import path from 'node:path';\nexport default { resolve: { alias: { '@': path.resolve(__dirname, './src') } } };", ['@ -> /repo/apps/web/src']],
    ['vite.config.mts', "import { fileURLToPath, URL } from 'node:url';\nexport default defineConfig({ resolve: { alias: [{ find: '@', replacement: fileURLToPath(new URL('./src', import.meta.url)) }, { find: /^~(.*)$/, replacement: '$1' }] } });", ['@ -> /repo/apps/web/src']],
    ['vitest.config.ts', "export default defineConfig({ test: { alias: { '~/': new URL('./src/', import.meta.url).pathname } } });", ['~ -> /repo/apps/web/src']],
    ['vite.config.js', "const src = path.join(__dirname, 'src');\nexport default { resolve: { alias: { '@': src, '#lib': `${src}/lib`, $shared: '/shared' } } };", ['@ -> /repo/apps/web/src', '#lib -> /repo/apps/web/src/lib', '$shared -> /repo/apps/web/shared']],
    ['webpack.config.js', "const path = require('path');\nmodule.exports = { resolve: { alias: { components$: path.resolve(__dirname, 'src/components/index.js'), utils: path.resolve('src/utils') } } };", ['components$ -> /repo/apps/web/src/components/index.js', 'utils -> /repo/apps/web/src/utils']],
    ['next.config.js', "module.exports = { webpack: (config) => { config.resolve.alias['@'] = path.resolve(__dirname); config.resolve.alias.lib = path.join(__dirname, 'lib'); return config; } };", ['@ -> /repo/apps/web', 'lib -> /repo/apps/web/lib']],
    ['next.config.mjs', "export default { webpack(config) { config.resolve.alias = { ...config.resolve.alias, '@ui': path.resolve(import.meta.dirname, 'ui') }; Object.assign(config.resolve.alias, { '@db': './db' }); return config; } };", ['@ui -> /repo/apps/web/ui', '@db -> /repo/apps/web/db']],
  ])('%s', (file, text, expected) => {
    expect(aliases(file, text)).toEqual(expected);
  });

  it.each([
    ['a computed alias object', 'export default { resolve: { alias: makeAliases() } };'],
    ['a path from the environment', "export default { resolve: { alias: { '@': process.env.SRC } } };"],
    ['a bare package as the replacement', "export default { resolve: { alias: { react: 'preact/compat' } } };"],
    ['a regular expression to find', "export default { resolve: { alias: [{ find: /^@\\//, replacement: '/src/' }] } };"],
    ['a name that is not a const', "let src = './src';\nexport default { resolve: { alias: { '@': src } } };"],
    ['no configuration at all', 'export default {;'],
  ])('reads nothing from %s', (_name, text) => {
    expect(aliases('vite.config.ts', text)).toEqual([]);
  });
});
