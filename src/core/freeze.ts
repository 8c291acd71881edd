/**
 * Freezes a value and everything reachable from it, and returns it. phm-kit freezes what it
 * exports and what it returns for sharing (models, catalogues), so that no caller can change
 * them for another.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * The type of a deeply frozen value: readonly all the way down, as the library's models and
 * data objects are (frozen so that a shared model cannot be changed under another caller).
 *
 * @example
 * const outcomes: DeepReadonly<ContingencyPlanInput>['outcomes'] = leeds2014Bcf.contingency.outcomes;
 */
export type DeepReadonly<T> = T extends string | number | boolean | bigint | symbol | null | undefined
  ? T // a primitive as it is, `string & {}` (a marker id that autocompletes) included
  : T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;
