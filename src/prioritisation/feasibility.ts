import { f1 } from './audit.js';
import { rescale, unitForSum } from './magnitudes.js';
import type { ParsedAcceleratorInput } from './schema.js';

/** A candidate's (or a group's) population and scope, in the units of its {@link Headcounts}; undefined where unknown. */
export interface Size {
  readonly population: number | undefined;
  readonly scope: number | undefined;
}

/**
 * The candidates' populations and scopes, read once per input, and the total population that
 * shares are taken of. Each is kept in a unit in which any group of candidates adds up without
 * overflow: 1 for ordinary figures (which are then exactly the input's), a small power of two
 * when the candidates' populations (or scopes) together exceed the largest double.
 */
export interface Headcounts {
  readonly populationUnit: number;
  readonly scopeUnit: number;
  readonly sizes: ReadonlyMap<string, Size>;
  /** The population shares are of, in the population unit: `totalPopulation`, or the candidates' sum. */
  readonly total: number;
}

/** The {@link Headcounts} of an input. */
export function headcounts(input: ParsedAcceleratorInput): Headcounts {
  const populationUnit = unitForSum(input.candidates.map((c) => c.population ?? 0));
  const scopeUnit = unitForSum(input.candidates.map((c) => c.scope ?? 0));
  const inUnit = (x: number | undefined, unit: number) => (x === undefined ? undefined : x * unit);
  const sizes = new Map(input.candidates.map((c) => [c.id, { population: inUnit(c.population, populationUnit), scope: inUnit(c.scope, scopeUnit) }]));
  const given = input.feasibility?.totalPopulation;
  const total = given !== undefined ? given * populationUnit : input.candidates.reduce((sum, c) => sum + (c.population ?? 0) * populationUnit, 0);
  return { populationUnit, scopeUnit, sizes, total };
}

/** An amount kept in `unit`, as the input would write it; a group's sum beyond the largest double says so. */
function amount(inUnit: number, unit: number): string {
  const value = inUnit / unit;
  return Number.isFinite(value) ? `${value}` : `more than ${Number.MAX_VALUE}`;
}

/** `part` as a percentage of `whole`, to one decimal place, without overflow on the way. */
function percent(part: number, whole: number): string {
  const value = rescale(part, 0, whole);
  return Number.isFinite(value) ? f1(value) : `more than ${f1(Number.MAX_VALUE)}`;
}

/** Which feasibility limits a candidate (or group) of this size breaks, in words; and which could not be tested. */
export function feasibilityBreaches(input: ParsedAcceleratorInput, counts: Headcounts, size: Size): { breaches: string[]; untested: string[] } {
  const f = input.feasibility;
  const breaches: string[] = [];
  const untested: string[] = [];
  if (f === undefined) return { breaches, untested };
  const { population, scope } = size;
  if (f.maxPopulation !== undefined) {
    if (population === undefined) untested.push('population unknown: maximum population not tested');
    else if (population > f.maxPopulation * counts.populationUnit) breaches.push(`population ${amount(population, counts.populationUnit)} is above the maximum ${f.maxPopulation}`);
  }
  if (f.maxPopulationShare !== undefined) {
    if (population === undefined) untested.push('population unknown: maximum population share not tested');
    else if (counts.total === 0) untested.push('total population is 0: maximum population share not tested');
    else if (population / counts.total > f.maxPopulationShare) breaches.push(`population share ${percent(population, counts.total)}% is above the maximum ${f1(100 * f.maxPopulationShare)}%`);
  }
  if (f.maxScope !== undefined) {
    if (scope === undefined) untested.push('scope unknown: maximum scope not tested');
    else if (scope > f.maxScope * counts.scopeUnit) breaches.push(`scope ${amount(scope, counts.scopeUnit)} is above the maximum ${f.maxScope}`);
  }
  return { breaches, untested };
}

const plus = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a + b);

/** One of a lead's groups in `allowGrouping`, with its position there. */
export interface LeadGroup {
  readonly group: ParsedAcceleratorInput['allowGrouping'][number];
  readonly at: number;
}

/** A lead's members, and what the audit says about the ones considered. */
export interface Grouping {
  readonly members: readonly string[];
  /** For each member, the position in `allowGrouping` of the group that let it join. */
  readonly joinedBy: readonly number[];
  readonly notes: readonly { readonly message: string; readonly data: Record<string, unknown> }[];
}

/**
 * Members that join a recommended lead: declared in `allowGrouping`, within every
 * feasibility limit on their own, and within every limit as a group (populations and scopes
 * added up), whatever the mode: a group that breaks a limit is not recommended as a group.
 * Members need not have been shortlisted (2017's end of life joined frailty). `groups` are the
 * lead's own, in input order. The group's size is kept as a running sum, so a long `with` list
 * costs time linear in its length. Each member that joins is said to, with the group that let
 * it: a board reading the audit sees why the recommendation is more than its leader.
 */
export function groupMembers(input: ParsedAcceleratorInput, counts: Headcounts, lead: string, groups: readonly LeadGroup[]): Grouping {
  const members: string[] = [];
  const joinedBy: number[] = [];
  const notes: { message: string; data: Record<string, unknown> }[] = [];
  const joined = new Set([lead]);
  const sizeOf = (id: string) => counts.sizes.get(id) as Size;
  let team: Size = { population: plus(0, sizeOf(lead).population), scope: plus(0, sizeOf(lead).scope) };
  for (const { group, at } of groups) {
    for (const id of group.with) {
      if (joined.has(id)) continue;
      const alone = feasibilityBreaches(input, counts, sizeOf(id)).breaches;
      const withIt: Size = { population: plus(team.population, sizeOf(id).population), scope: plus(team.scope, sizeOf(id).scope) };
      const together = feasibilityBreaches(input, counts, withIt);
      const breaches = [...alone, ...together.breaches.map((b) => `as a group: ${b}`)];
      if (breaches.length > 0) {
        notes.push({ message: `${id} does not join ${lead}: ${breaches.join('; ')}`, data: { lead, id, breaches } });
        continue;
      }
      for (const note of together.untested) notes.push({ message: `${id} joins ${lead} untested as a group: ${note}`, data: { lead, id, untested: note } });
      const within = input.feasibility === undefined ? 'no feasibility limits are set' : `within every feasibility limit${together.untested.length > 0 ? ' that could be tested' : ''}, alone and as a group`;
      notes.push({ message: `${id} joins ${lead}, as allowGrouping[${at}] allows: ${within}`, data: { lead, id, allowGrouping: at } });
      members.push(id);
      joinedBy.push(at);
      joined.add(id);
      team = withIt;
    }
  }
  return { members, joinedBy, notes };
}
