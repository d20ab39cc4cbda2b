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
