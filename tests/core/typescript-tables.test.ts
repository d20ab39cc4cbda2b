import { ts as tsMorphTs } from 'ts-morph';
import typescript from 'typescript';
import { describe, expect, it } from 'vitest';
import { ts as engineTs } from '../helpers/piiflow';

/**
 * The engine reads nodes built by @typescript-eslint/parser (the `typescript` package) and may
 * load projects with ts-morph (its own bundled compiler). A node's `kind` is a number; it means
 * the same thing only if every compiler involved has the same SyntaxKind table.
 */
describe('one TypeScript compiler for both front-ends', () => {
  it('the engine uses the `typescript` package that @typescript-eslint/parser uses', () => {
    expect(engineTs).toBe(typescript);
  });

  it('ts-morph bundles the same major.minor version', () => {
    const majorMinor = (version: string) => version.split('.').slice(0, 2).join('.');
    expect(majorMinor(tsMorphTs.version)).toBe(majorMinor(typescript.version));
  });

  it('every SyntaxKind name has the same number in both compilers', () => {
    const table = (kinds: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(kinds).filter(([name, value]) => typeof value === 'number' && !/^\d+$/.test(name)));
    expect(table(tsMorphTs.SyntaxKind as unknown as Record<string, unknown>)).toEqual(table(typescript.SyntaxKind as unknown as Record<string, unknown>));
  });

  it('NodeFlags agree too (the scope resolver reads const/let from them)', () => {
    expect(tsMorphTs.NodeFlags.Const).toBe(typescript.NodeFlags.Const);
    expect(tsMorphTs.NodeFlags.BlockScoped).toBe(typescript.NodeFlags.BlockScoped);
  });

  it('@typescript-eslint/parser resolves the same `typescript`', () => {
    const parser = require.resolve('@typescript-eslint/parser');
    const estree = require.resolve('@typescript-eslint/typescript-estree', { paths: [parser] });
    const resolved = require.resolve('typescript', { paths: [estree] });
    expect(resolved).toBe(require.resolve('typescript'));
  });
});
