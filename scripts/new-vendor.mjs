// Scaffolds a vendor: rules/vendors/<id>.yaml and tests/fixtures/vendors/<id>/{positive,negative}.ts.
// Usage: npm run new-vendor -- <id> [--package <npm-package>] [--global <name>] [--name "Display Name"]
// It never overwrites: an existing file is an error.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const usage = 'usage: npm run new-vendor -- <id> [--package <npm-package>] [--global <name>] [--name "Display Name"]';
let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { package: { type: 'string' }, global: { type: 'string' }, name: { type: 'string' } } });
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
const [id] = parsed.positionals;
if (!id || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
  console.error(`a vendor id in kebab-case is required (e.g. acme-analytics)\n${usage}`);
  process.exit(2);
}
const pkg = parsed.values.package ?? (parsed.values.global ? undefined : id);
const globalName = parsed.values.global;
const name = parsed.values.name ?? id.split('-').map((word) => word[0].toUpperCase() + word.slice(1)).join(' ');
const local = globalName ?? 'sdk';
const reach = pkg ? `import ${local} from '${pkg}';\n\n` : '';

const files = {
  [join(root, 'rules', 'vendors', `${id}.yaml`)]: `# yaml-language-server: $schema=../schemas/vendor.schema.json
id: ${id}
name: ${name}
kind: product-analytics            # what the vendor does
website: https://example.com       # TODO: the vendor's site
docs: https://example.com/docs     # TODO: where the SDK's methods are documented
entrypoints:
${pkg ? `  - package: "${pkg}"\n` : ''}${globalName ? `  - global: ${globalName}\n` : ''}sinks:                             # TODO: every call that carries data, and what each argument is
  - { call: identify, args: { 0: user-id, 1: user-properties } }
  - { call: track, args: { 0: event-name, 1: event-properties } }
`,
  [join(root, 'tests', 'fixtures', 'vendors', id, 'positive.ts')]: `${reach}export function onLogin(user: { id: string; email: string }) {
  ${local}.identify(user.id, { email: user.email }); // expect: ${id} user_id email
  ${local}.track('Signed in', { contact_email: user.email }); // expect: ${id} email
}
`,
  [join(root, 'tests', 'fixtures', 'vendors', id, 'negative.ts')]: `${reach}export function noPersonalData(plan: string) {
  ${local}.track('Plan viewed', { plan });
}

export function lookalike(user: { email: string }) {
  // A local object with the SDK's name is not the SDK.
  const ${local} = { identify: (_id: string, _traits: object) => undefined };
  ${local}.identify('x', { email: user.email });
}
`,
};

const existing = Object.keys(files).filter((file) => existsSync(file));
if (existing.length) {
  console.error(`not overwriting: ${existing.map((file) => file.slice(root.length + 1)).join(', ')}`);
  process.exit(2);
}
for (const [file, content] of Object.entries(files)) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  console.log(`created ${file.slice(root.length + 1)}`);
}
console.log('Next: fill in the TODOs from the SDK docs, write real fixtures, run `npm run docs` and `npm test`.');
