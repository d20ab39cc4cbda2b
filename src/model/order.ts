/**
 * Ordering by Unicode code point, the same on every machine: `localeCompare` and `Intl.Collator`
 * follow the locale (`LC_ALL=sv_SE.UTF-8` sorts `ö` elsewhere than `C`), and `<` on strings compares
 * UTF-16 code units, which puts U+10000 and above before U+E000..U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Surrogates (U+D800..U+DFFF) move above the rest of the BMP, where the code points they encode are. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
