/** Pathological sources that both the engine's bad-input table and the CLI's try. */

/** Recursive, mutually recursive and self-referencing code, with an object that contains itself; sends an e-mail address and a phone number. */
export const CYCLES_TS = [
  "import posthog from 'posthog-js';",
  'function a(u: any): any { return b(u); }',
  'function b(u: any): any { return a(u.email); }',
  'function self(u: any): any { return self(u); }',
  "export function f(user: any) { const o: any = { user }; o.self = o; posthog.capture('x', { v: a(user), w: self(user.phone), o }); }",
].join('\n');

/** An expression nested `depth` parentheses deep, one per line. */
export const deeplyNested = (depth: number): string => `export const x = ${'(\n'.repeat(depth)}1${')\n'.repeat(depth)};\n`;

/**
 * Shapes that once made the evaluator's cost grow without bound (issue 13). Each sends a user's
 * e-mail address to Mixpanel; the robustness table expects that flow, found quickly.
 */
const MIXPANEL = "import mixpanel from 'mixpanel-browser';";

/** `const v1 = v0 + v0; ... const v39 = v38 + v38`: each value doubles the one before it. */
export const doublingChain = (length: number): string =>
  [
    MIXPANEL,
    'export function send(u: { email: string }) {',
    '  const v0 = u.email;',
    ...Array.from({ length: length - 1 }, (_, index) => `  const v${index + 1} = v${index} + v${index};`),
    `  mixpanel.track('e', { x: v${length - 1} });`,
    '}',
  ].join('\n');

/** w0 calls the SDK; w1 calls w0, ..., w(depth-1) calls w(depth-2); `go` passes the e-mail address to the last. */
export const wrapperChain = (depth: number): string =>
  [
    MIXPANEL,
    "function w0(x: string) { mixpanel.track('e', { v: x }); }",
    ...Array.from({ length: depth - 1 }, (_, index) => `function w${index + 1}(x: string) { w${index}(x); }`),
    `export function go(user: { email: string }) { w${depth - 1}(user.email); }`,
  ].join('\n');

/** A wrapper of the SDK in m0.ts, re-exported by m1 ... m(depth-1) one after another, used from use.ts through the last. */
export const reexportChain = (depth: number, kind: 'export *' | 'export { x } from' | 'import then export'): Record<string, string> => {
  const files: Record<string, string> = { 'm0.ts': `${MIXPANEL}\nexport function track(x: string) { mixpanel.track('e', { v: x }); }\n` };
  for (let index = 1; index < depth; index++) {
    const previous = `./m${index - 1}`;
    files[`m${index}.ts`] =
      kind === 'export *' ? `export * from '${previous}';\n` : kind === 'export { x } from' ? `export { track } from '${previous}';\n` : `import { track } from '${previous}';\nexport { track };\n`;
  }
  files['use.ts'] = `import { track } from './m${depth - 1}';\nexport function go(user: { email: string }) { track(user.email); }\n`;
  return files;
};

/** `yargs.option(...).option(...)...`: a builder chain of `calls` calls, its result sent beside the e-mail address. */
export const builderChain = (calls: number): string =>
  [
    MIXPANEL,
    'declare const yargs: any;',
    'export function go(user: { email: string }) {',
    `  const built = yargs${Array.from({ length: calls }, (_, index) => `\n    .option('o${index}', { describe: 'option ${index}' })`).join('')};`,
    "  mixpanel.track('e', { email: user.email, built });",
    '}',
  ].join('\n');

/** A switch of `cases` cases assigning a variable, one case in a hundred the e-mail address, sent after the switch. */
export const bigSwitch = (cases: number): string =>
  [
    MIXPANEL,
    'export function go(user: { email: string }, k: number) {',
    '  let v: unknown;',
    '  switch (k) {',
    ...Array.from({ length: cases }, (_, index) => `    case ${index}: v = ${index % 100 === 0 ? 'user.email' : `'c${index}'`}; break;`),
    '  }',
    "  mixpanel.track('e', { v });",
    '}',
  ].join('\n');
