/**
 * A count and its noun, the noun in the plural unless the count is one: messages and audit
 * trails read "1 point" and "2 points", never "1 points".
 *
 * @example
 * countOf(1, 'row')        // '1 row'
 * countOf(3, 'top slice')  // '3 top slices'
 */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
