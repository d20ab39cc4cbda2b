// Generates a realistic TypeScript app of about N lines (deterministic: the same N gives the same
// files): feature modules that touch no vendor (most of the code), an analytics wrapper module, a
// monitoring module, features that send user data through the wrappers, classes and hooks.
// Usage: node bench/generate.mjs <lines> <folder>
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function generate(targetLines, folder) {
  rmSync(folder, { recursive: true, force: true });
  let lines = 0;
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const write = (path, text) => {
    mkdirSync(join(folder, path, '..'), { recursive: true });
    writeFileSync(join(folder, path), text);
    lines += text.split('\n').length;
  };
  write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, baseUrl: '.', paths: { '@/*': ['src/*'] } } }));
  write('src/lib/types.ts', 'export interface User {\n  id: string;\n  email: string;\n  firstName: string;\n  lastName: string;\n  orgId: string;\n  plan: string;\n}\n');
  write(
    'src/lib/analytics.ts',
    [
      "import mixpanel from 'mixpanel-browser';",
      "import posthog from 'posthog-js';",
      "import type { User } from './types';",
      "mixpanel.init('token', { ip: false });",
      'export function track(event: string, properties: Record<string, unknown>) {',
      '  mixpanel.track(event, properties);',
      '  posthog.capture(event, properties);',
      '}',
      'export function identify(user: User) {',
      '  mixpanel.identify(user.id);',
      "  posthog.identify(user.id, { org: user.orgId });",
      '}',
      '',
    ].join('\n'),
  );
  write('src/lib/monitoring.ts', "import * as Sentry from '@sentry/react';\nexport function setUser(id: string) {\n  Sentry.setUser({ id });\n}\nexport const report = (error: unknown) => Sentry.captureException(error);\n");
  let module = 0;
  while (lines < targetLines) {
    const area = `area${module % 40}`;
    const name = `Module${module}`;
    // The first module always sends data, so that even a small corpus has a file that reaches SDKs through the wrappers.
    const roll = random();
    const sendsData = module === 0 || roll < 0.08;
    const body = [];
    body.push(`import { useMemo, useState } from 'react';`);
    if (sendsData) body.push(`import { track, identify } from '@/lib/analytics';`, `import type { User } from '@/lib/types';`);
    body.push(`import { helper${module % 7} } from '../shared/helpers${module % 7}';`, '');
    body.push(`export interface ${name}Props {`, '  title: string;', '  items: { id: string; label: string; price: number }[];', '  onSelect(id: string): void;', '}', '');
    body.push(`export class ${name}Store {`, '  private cache = new Map<string, number>();', '  total(items: { price: number }[]): number {', '    return items.reduce((sum, item) => sum + item.price, 0);', '  }', '  remember(key: string, value: number) {', '    this.cache.set(key, value);', '    return this.cache.size;', '  }', '}', '');
    for (let fn = 0; fn < 6; fn++) {
      body.push(`export function compute${name}${fn}(values: number[], factor = ${fn + 1}): number {`, '  let result = 0;', '  for (const value of values) {', `    result += value * factor + helper${module % 7}(value);`, '  }', `  return Math.round(result / ${fn + 2});`, '}', '');
    }
    body.push(`export function use${name}(props: ${name}Props) {`, '  const [selected, setSelected] = useState<string | null>(null);', '  const total = useMemo(() => props.items.reduce((sum, item) => sum + item.price, 0), [props.items]);', '  return { selected, total, select: (id: string) => { setSelected(id); props.onSelect(id); } };', '}', '');
    if (sendsData) {
      body.push(`export function on${name}Signup(user: User, source: string) {`, '  identify(user);', `  track('${name} signup', { source, email: user.email, plan: user.plan });`, '}', '');
    }
    write(`src/features/${area}/${name}.ts`, `${body.join('\n')}\n`);
    module++;
  }
  for (let helper = 0; helper < 7; helper++) write(`src/features/shared/helpers${helper}.ts`, `export function helper${helper}(value: number): number {\n  return value % ${helper + 3};\n}\n`);
  return { lines, files: module + 11 };
}

if (process.argv[1] && process.argv[1].endsWith('generate.mjs')) {
  const [target, folder] = process.argv.slice(2);
  if (!target || !folder) {
    console.error('usage: node bench/generate.mjs <lines> <folder>');
    process.exit(2);
  }
  const { lines, files } = generate(Number(target), folder);
  console.log(`generated ${lines} lines in ${files} files under ${folder}`);
}
