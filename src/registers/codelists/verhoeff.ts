import { PhmValidationError } from '../../core/errors.js';

// Verhoeff's check digit (J. Verhoeff, "Error detecting decimal codes", 1969), as SNOMED CT
// identifiers carry it: `D` is the multiplication table of the dihedral group D5, `P` the
// position permutations, `INV` the inverses. Unlike a weighted sum modulo 10, it catches every
// single mistyped digit and every swap of two adjacent digits.
const D: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const INV: readonly number[] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/**
 * The Verhoeff check digit that completes `digits` (ASCII digits 0-9 only), as SNOMED CT and
 * dm+d identifiers end with: an identifier is valid when its last digit is the check digit of
 * the digits before it. Handy for making synthetic identifiers in tests. Anything but a
 * non-empty string of ASCII digits is refused with a `PhmValidationError`.
 *
 * @example
 * verhoeffCheckDigit('7321100')  // '9': 73211009 is diabetes mellitus
 * verhoeffCheckDigit('19596700') // '1': 195967001 is asthma
 */
export function verhoeffCheckDigit(digits: string): string {
  if (typeof digits !== 'string' || !/^[0-9]+$/.test(digits)) {
    const message = 'Expected a non-empty string of the digits 0-9';
    throw new PhmValidationError(`Invalid digits: ${message}`, [{ path: [], message }]);
  }
  let c = 0;
  // Positions count from the right, the check digit itself being position 0.
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    c = (D[c] as readonly number[])[(P[(i + 1) % 8] as readonly number[])[digit] as number] as number;
  }
  return String(INV[c]);
}
