import { FIRST_EPOCH_DAY, fromEpochDay, LAST_EPOCH_DAY, latestBirthDayAged, lookBackStartUnchecked, type IsoDate, type LookBack } from '../../../core/dates.js';
import type { Rule } from '../../model/rule.js';
import type { Sex } from '../../records/person.js';
import type { SqlDialect } from './dialects.js';

/** Always-true and always-false conditions, written so that every dialect (T-SQL too) reads them. */
export const TRUE = '1 = 1';
export const FALSE = '1 = 0';

/** Conditions joined by AND or OR, with constants folded away. */
export function combine(op: 'AND' | 'OR', terms: readonly string[]): string {
  const [absorbing, neutral] = op === 'AND' ? [FALSE, TRUE] : [TRUE, FALSE];
  if (terms.includes(absorbing)) return absorbing;
  const kept = terms.filter((t) => t !== neutral);
  if (kept.length === 0) return neutral;
  return kept.length === 1 ? (kept[0] as string) : `(${kept.join(` ${op} `)})`;
}

export function negate(term: string): string {
  return term === TRUE ? FALSE : term === FALSE ? TRUE : `NOT (${term})`;
}

/** The codes of each recorded sex, in the order of `sex_code` 1..4; 0 is "not recorded". */
export const SEX_ORDER: readonly Sex[] = ['female', 'male', 'indeterminate', 'unknown'];

/** One (marker, look-back window) condition, computed once per person as a 0/1 column. */
export interface MarkerFlag {
  readonly column: string;
  readonly marker: string;
  /** First day of the window; undefined when it reaches before every valid date. */
  readonly start: IsoDate | undefined;
}

/** A date bound as a literal, or a constant when it lies outside the calendar's valid dates. */
export function dayBound(dialect: SqlDialect, expression: string, op: '<' | '>=', day: number): string {
  if (day > LAST_EPOCH_DAY) return op === '<' ? TRUE : FALSE;
  if (day < FIRST_EPOCH_DAY) return op === '<' ? FALSE : TRUE;
  return `${expression} ${op} ${dialect.date(fromEpochDay(day))}`;
}

/**
 * Turns rules into SQL conditions over the evaluated row: `sex_code`, `birth_date` and one 0/1
 * column per (marker, window) pair, registered as the rules are read. Dates are fixed at compile
 * time and compared half-open (`birth_date < day after`), so that DATE and TIMESTAMP columns both
 * give the classifier's answer.
 */
export function createRuleCompiler(dialect: SqlDialect, asOf: IsoDate, column: (name: string) => string) {
  const flags: MarkerFlag[] = [];
  const byKey = new Map<string, MarkerFlag>();
  const flagOf = (marker: string, within: LookBack | undefined): MarkerFlag => {
    const key = JSON.stringify([marker, within === undefined ? null : 'days' in within ? `d${within.days}` : `m${within.months}`]);
    let flag = byKey.get(key);
    if (flag === undefined) {
      const start = within === undefined ? asOf : lookBackStartUnchecked(asOf, within);
      flag = { column: `c${flags.length}`, marker, start: start < '0001-01-01' ? undefined : start };
      flags.push(flag);
      byKey.set(key, flag);
    }
    return flag;
  };
  const birthDate = column('birth_date');

  const compile = (rule: Rule): string => {
    if ('all' in rule) return combine('AND', rule.all.map(compile));
    if ('any' in rule) return combine('OR', rule.any.map(compile));
    if ('not' in rule) return negate(compile(rule.not));
    if ('marker' in rule) return `${column(flagOf(rule.marker, rule.within).column)} = 1`;
    if ('ageAtLeast' in rule) return dayBound(dialect, birthDate, '<', latestBirthDayAged(asOf, rule.ageAtLeast) + 1);
    if ('ageBelow' in rule) return dayBound(dialect, birthDate, '>=', latestBirthDayAged(asOf, rule.ageBelow) + 1);
    if ('atLeast' in rule) {
      const sum = rule.of.map((id) => column(flagOf(id, rule.within).column)).join(' + ');
      return `(${sum}) >= ${rule.atLeast}`;
    }
    const sexes = typeof rule.sex === 'string' ? [rule.sex] : rule.sex;
    return `${column('sex_code')} IN (${sexes.map((s) => SEX_ORDER.indexOf(s) + 1).join(', ')})`;
  };

  return { compile, flags };
}
