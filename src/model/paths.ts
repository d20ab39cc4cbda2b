import { isAbsolute, relative, sep } from 'node:path';

/**
 * Whether `path` is `base` or inside it. `relative(...).startsWith('..')` is not the test: it
 * takes a folder named `..hidden` for the parent folder.
 */
export function isInside(base: string, path: string): boolean {
  const inside = relative(base, path);
  return inside === '' || (!isAbsolute(inside) && inside !== '..' && !inside.startsWith(`..${sep}`));
}
