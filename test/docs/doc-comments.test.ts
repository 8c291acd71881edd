/**
 * The API reference is generated from doc comments (npm run docs), so every exported name must
 * have one, with an example of its use: a name without one is a gap in the reference.
 */
import { describe, expect, it } from 'vitest';
import { ENTRY_POINTS, exportedNames } from './exported-docs.js';

describe('every exported name has a doc comment with an example', () => {
  const names = exportedNames();
  const unique = [...new Map(names.map((n) => [`${n.file}#${n.name}`, n])).values()];

  it('finds the exports of every entry point', () => {
    for (const entry of ENTRY_POINTS) expect(names.filter((n) => n.entry === entry).length, entry).toBeGreaterThan(5);
  });

  it('has a doc comment on each', () => {
    expect(unique.filter((n) => !n.documented).map((n) => `${n.name} (${n.file})`)).toEqual([]);
  });

  it('has an @example on each', () => {
    expect(unique.filter((n) => !n.hasExample).map((n) => `${n.name} (${n.file})`)).toEqual([]);
  });
});
