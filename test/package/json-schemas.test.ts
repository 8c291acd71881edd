/**
 * The JSON Schema files (scripts/json-schemas.ts) against the zod schemas they come from: they
 * compile under ajv (draft 2020-12, formats asserted), and on many records, valid, hostile and
 * near-valid, they agree with zod. A JSON Schema must never be stricter than zod (a pipeline would
 * turn away a record phm-kit takes), and may be more lenient only by a refinement documented as
 * unchecked. Built in-process from the sources: no dist needed.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { leeds2014Bcf } from 'phm-kit/bcf';
import { bridgesToHealth, leeds2017, leeds2024, syntheticPopulation } from 'phm-kit/segmentation';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { leeds2017AcceleratorInput } from '../../examples/accelerator-2017-input.js';
import { buildJsonSchemas, JSON_SCHEMA_ENTRIES, REFINEMENTS, schemaIndex, type Refinement } from '../../scripts/json-schemas.js';
import { inputArb } from '../prioritisation/properties/arbitraries.js';
import { junkRowArb, nearValidPersonArb, personArb, rawModelSpecArb, ruleArb } from '../segmentation/arbitraries.js';
import { property } from '../support/property.js';

const VERSION = '9.9.9-test';
const built = buildJsonSchemas(VERSION);
const ajv = new Ajv2020({ strict: true, allErrors: false });
addFormats(ajv);
const validators = new Map([...built].map(([name, b]) => [name, ajv.compile(b.schema)]));

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * With ajv-formats asserting `format: "date"`, dates are checked exactly: the calendar-date
 * refinement may not explain a difference here, although it is documented for validators that
 * treat formats as annotations.
 */
const explainable = (name: string): Refinement[] => {
  const ids = new Set(built.get(name)!.refinements);
  return REFINEMENTS.filter((r) => ids.has(r.id) && !r.exact && r.id !== 'calendar-date');
};

const matches = (r: Refinement, message: string) => r.messages.some((m) => (typeof m === 'string' ? m === message : m.test(message)));

/** Every zod issue comes from a documented, unchecked refinement (in some branch of a union). */
function explained(issues: readonly z.core.$ZodIssue[], allowed: readonly Refinement[]): boolean {
  return issues.every((issue) => {
    if (issue.code === 'custom') return allowed.some((r) => matches(r, issue.message));
    if (issue.code === 'invalid_union') return issue.errors.some((branch) => explained(branch, allowed));
    return false;
  });
}

/** zod's verdict, with its issues to explain a difference from the JSON Schema. */
function zodVerdict(schema: z.ZodType, value: unknown): { success: boolean; issues: readonly z.core.$ZodIssue[] } {
  const result = schema.safeParse(value);
  return { success: result.success, issues: result.error?.issues ?? [] };
}

function verdicts(name: string, value: unknown) {
  const entry = JSON_SCHEMA_ENTRIES.find((e) => e.name === name)!;
  const zod = zodVerdict(entry.schema, value);
  const validate = validators.get(name)!;
  const ajvOk = validate(value);
  return { zodOk: zod.success, ajvOk, issues: zod.issues, ajvErrors: validate.errors };
}

/** The agreement rule: never stricter than zod, more lenient only as documented. */
function expectAgreement(name: string, value: unknown): { zodOk: boolean; ajvOk: boolean } {
  const v = verdicts(name, value);
  const shown = () => JSON.stringify(value).slice(0, 400);
  if (v.zodOk && !v.ajvOk) throw new Error(`${name}: zod accepts but the JSON Schema rejects ${shown()}: ${JSON.stringify(v.ajvErrors)}`);
  if (v.ajvOk && !v.zodOk && (v.issues.length === 0 || !explained(v.issues, explainable(name)))) {
    throw new Error(`${name}: the JSON Schema accepts but zod rejects, not by a documented refinement, ${shown()}: ${JSON.stringify(v.issues)}`);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Valid records, by schema
// ---------------------------------------------------------------------------------------------

const ASOF = '2024-04-01';
const people = json(syntheticPopulation({ size: 300, seed: 11, asOf: ASOF }));
const models = json([leeds2024, leeds2017, bridgesToHealth]);
const rulesOf = (model: (typeof models)[number]) => model.segments.flatMap((s) => [...('rule' in s ? [s.rule] : []), ...(s.subsegments ?? []).map((x) => x.rule)]);

const envelopeSegments = [
  { id: 'frailty', population: 30_000, currentSpend: '240000000.00', floor: { percentOfCurrentSpend: 95 } },
  { id: 'cancer', population: 20_000, currentSpend: '110000000.00', cap: '120000000' },
  { id: 'healthy-adults', label: 'Healthy adults', population: 304_000, currentSpend: 115000000, needWeight: '0.8' },
];
const envelopes = [
  { total: '1200000000.00', method: { kind: 'historic' }, segments: envelopeSegments },
  { total: 1200000000, unit: '1000', method: { kind: 'capitation' }, segments: envelopeSegments },
  { total: '1200000000.00', unit: 0.01, method: { kind: 'blend', historicShare: 0.7 }, segments: envelopeSegments },
  {
    total: '1200000000.00',
    unit: 1,
    method: { kind: 'paceOfChange', target: { kind: 'capitation' }, pace: 0.2, maxChange: 0.05 },
    segments: envelopeSegments,
    topSlices: [{ id: 'contingency', percent: 0.5 }, { id: 'planned-care', amount: '30000000.00' }],
  },
  { total: '100', method: { kind: 'capitation' }, segments: [{ id: 'a', population: 1, costPerHead: '10' }, { id: 'b', population: 2, costPerHead: 5 }] },
];

const outcomes = leeds2014Bcf.contingency.outcomes;
const VALID: Record<string, unknown[]> = {
  person: [
    ...people,
    { id: 'p', birthDate: '1941-06-02', sex: 'female', deathDate: '2024-02-29', imdDecile: 1, locality: 'LCP 04', markers: ['ltc-copd', { id: 'frailty-severe', from: '2023-11-20' }], nhsNumber: 'extra' },
  ],
  rule: [...models.flatMap(rulesOf), { atLeast: 2, of: ['a', 'b'], within: { months: 12 } }, { sex: ['female', 'indeterminate'] }],
  'model-spec': models,
  'accelerator-input': [leeds2017AcceleratorInput, { candidates: [{ id: 'a' }] }],
  'envelope-input': envelopes,
  'bcf-contingency-cost': [
    ...outcomes.map((o) => {
      const { unitCost, volume, partialYearFactor, days } = o as { unitCost: string; volume: number; partialYearFactor?: number; days?: number };
      return { unitCost, volume, partialYearFactor, days };
    }),
    { unitCost: '17250', volume: 20, partialYearFactor: 0.5 },
    { unitCost: 200, days: '7', volume: '257' },
  ],
  'bcf-contingency-plan': [
    { outcomes, contingencyFund: '2000000' },
    { outcomes, contingencyFund: 2000000, likelihoods: { 'permanent-admissions': 0.5, 'delayed-transfers': '1' } },
  ],
  'bcf-performance-element': [
    {
      pooledFund: '54923000',
      metrics: [
        { id: 'permanent-admissions', baseline: '700', target: 650, achieved: '672.5' },
        { id: 'delayed-transfers', weight: 2, baseline: -1, target: '0', achieved: 0, payment: 'threshold', better: 'lower' },
        { id: 'local-metric', baseline: 1, target: 2, achieved: 1.5 },
      ],
      customMetrics: ['local-metric'],
      share: '0.25',
    },
  ],
  'bcf-plan': [leeds2014Bcf.plan, {}],
  'bcf-risk-register': [
    [],
    [
      { id: 'r1', rating: 'very high', exposure: '1000000' },
      { id: 'r2', label: 'Demand', likelihood: 4, impact: 5 },
    ],
  ],
  'bcf-trajectory': [
    { baseline: 100, monthlyChange: '-0.017', months: 13 },
    { baseline: '-12.5', monthlyChange: 0.0085, months: 120 },
  ],
};

// ---------------------------------------------------------------------------------------------
// Hostile records JSON Schema can express: both must reject them
// ---------------------------------------------------------------------------------------------

const person = { id: 'p', birthDate: '1990-05-01', markers: [] as unknown[] };
const segment = { id: 'rest', label: 'Rest', catchAll: true };
const model = { id: 'm', label: 'M', segments: [segment] };
const envelope = envelopes[0]!;
const HOSTILE: Record<string, unknown[]> = {
  person: [
    null,
    [],
    'p1',
    { ...person, id: 1 },
    { ...person, id: '' },
    { birthDate: '1990-05-01', markers: [] },
    { id: 'p', markers: [] },
    { id: 'p', birthDate: '1990-05-01' },
    { ...person, birthDate: '1990-5-01' },
    { ...person, birthDate: '1990-13-01' },
    { ...person, birthDate: '0000-01-01' },
    { ...person, birthDate: '2023-02-29' },
    { ...person, birthDate: '1990-05-01T00:00:00Z' },
    { ...person, sex: 'F' },
    { ...person, sex: null },
    { ...person, imdDecile: 0 },
    { ...person, imdDecile: 11 },
    { ...person, imdDecile: 2.5 },
    { ...person, imdDecile: '3' },
    { ...person, locality: '' },
    { ...person, markers: [''] },
    { ...person, markers: [{ from: '2020-01-01' }] },
    { ...person, markers: [{ id: 'x', to: '2020-02-30' }] },
    { ...person, markers: 'ltc-copd' },
    { ...person, deathDate: null },
  ],
  rule: [{}, { marker: '' }, { marker: 'x', extra: 1 }, { all: [] }, { ageAtLeast: 151 }, { ageBelow: -1 }, { ageBelow: 1.5 }, { atLeast: 0, of: ['a'] }, { sex: 'F' }, { sex: [] }, { marker: 'x', within: { days: 0 } }, { marker: 'x', within: { days: 1, months: 1 } }, { marker: 'x', ageAtLeast: 3 }],
  'model-spec': [
    { ...model, id: 'Not Kebab' },
    { ...model, segments: [] },
    { ...model, extra: true },
    { ...model, segments: [{ ...segment, catchAll: false }] },
    { ...model, segments: [{ ...segment, rule: { ageAtLeast: 65 } }] },
    { ...model, segments: [{ id: 'a', label: 'A' }] },
    { id: 'm', segments: [segment] },
  ],
  'accelerator-input': [
    {},
    { candidates: [] },
    { candidates: [{ id: 'a', evidence: { notACriterion: 3 } }] },
    { candidates: [{ id: 'a' }], missing: 'ignore' },
    { candidates: [{ id: 'a' }], shortlist: { size: 0 } },
    { candidates: [{ id: 'a' }], blendStep1: 1.5 },
    { candidates: [{ id: 'a', population: -1 }] },
    { candidates: [{ id: 'a' }], votes: { method: 'approval', ballots: [] } },
  ],
  'envelope-input': [
    { ...envelope, total: '-1' },
    { ...envelope, total: -5 },
    { ...envelope, total: 1.5 },
    { ...envelope, total: 2 ** 60 },
    { ...envelope, unit: '0.001' },
    { ...envelope, unit: '5' },
    { ...envelope, unit: 0.5 },
    { ...envelope, method: { kind: 'blend', historicShare: '1.5' } },
    { ...envelope, method: { kind: 'blend', historicShare: 2 } },
    { ...envelope, method: { kind: 'zero-based' } },
    { ...envelope, segments: [] },
    { ...envelope, segments: [{ id: 'a', currentSpend: '10', floor: { percentOfCurrentSpend: -1 } }] },
    { ...envelope, topSlices: [{ id: 't', percent: 101 }] },
    { ...envelope, topSlices: [{ id: 't', percent: '100.5' }] },
    { ...envelope, topSlices: [{ id: 't' }] },
    { ...envelope, extra: 1 },
  ],
  'bcf-contingency-cost': [{ unitCost: '-1', volume: 1 }, { unitCost: '1'.repeat(25), volume: 1 }, { unitCost: '1', volume: -1 }, { unitCost: '1', volume: 1, partialYearFactor: '1.01' }, { unitCost: 1.5, volume: 1 }, { volume: 1 }],
  'bcf-contingency-plan': [{ outcomes: [], contingencyFund: '1' }, { outcomes, contingencyFund: '1', likelihoods: { x: 2 } }],
  'bcf-performance-element': [{ pooledFund: '1', metrics: [] }, { pooledFund: '1', metrics: [{ id: 'x', baseline: 'a', target: 1, achieved: 1 }] }, { pooledFund: '1', metrics: [{ id: 'x', baseline: 1, target: 1, achieved: 1, payment: 'bonus' }] }],
  'bcf-plan': [{ sums: [{ location: 'x', parts: [], stated: 1 }] }, { sums: [{ location: 'x', parts: [1.5], stated: 1 }] }, { outcomes: [{ location: 'x', unitCost: '1', volume: 1 }] }],
  'bcf-risk-register': [{}, [{ id: 'r', rating: 'extreme' }], [{ id: 'r', likelihood: 6, impact: 1 }], [{ id: 'r', rating: 'low', likelihood: 1, impact: 1 }]],
  'bcf-trajectory': [{ baseline: 1, monthlyChange: 0, months: 0 }, { baseline: 1, monthlyChange: 0, months: 121 }, { baseline: '1e3', monthlyChange: 0, months: 1 }, { baseline: 1e15, monthlyChange: 0, months: 1 }, { baseline: '1234567890123456', monthlyChange: 0, months: 1 }],
};

/** Records the JSON Schema accepts and zod does not, each by one documented refinement. */
const GAPS: [string, string, unknown][] = [
  ['person', 'death-after-birth', { ...person, deathDate: '1980-01-01' }],
  ['person', 'deregistration-after-registration', { ...person, registrationDate: '2020-01-02', deregistrationDate: '2020-01-01' }],
  ['person', 'deregistration-after-registration', { ...person, deregistrationDate: '1900-01-01' }],
  ['person', 'marker-dates-in-order', { ...person, markers: [{ id: 'x', from: '2020-02-01', to: '2020-01-01' }] }],
  ['rule', 'at-least-of', { atLeast: 3, of: ['a', 'b'] }],
  ['rule', 'at-least-of', { atLeast: 1, of: ['a', 'a'] }],
  ['accelerator-input', 'scale-order', { candidates: [{ id: 'a' }], scale: { min: 5, max: 1 } }],
  ['accelerator-input', 'accelerator-cross-checks', { candidates: [{ id: 'a' }, { id: 'a' }] }],
  ['envelope-input', 'envelope-cross-checks', { ...envelope, segments: [{ id: 'a', currentSpend: '1' }, { id: 'a', currentSpend: '1' }] }],
  ['bcf-contingency-plan', 'contingency-plan-cross-checks', { outcomes, contingencyFund: '1', likelihoods: { unknown: 0.5 } }],
  ['bcf-performance-element', 'performance-cross-checks', { pooledFund: '1', metrics: [{ id: 'not-a-metric', baseline: 1, target: 2, achieved: 1 }] }],
  ['bcf-plan', 'plan-locations-unique', { sums: [{ location: 'x', parts: [1], stated: 1 }, { location: 'x', parts: [1], stated: 1 }] }],
  ['bcf-trajectory', 'monthly-change-above-minus-one', { baseline: 1, monthlyChange: '-1', months: 1 }],
  ['bcf-trajectory', 'trajectory-decimal', { baseline: 0.1234567890123, monthlyChange: 0, months: 1 }],
];

describe('JSON Schema files', () => {
  it('cover the documented input schemas, each with a stable $id, a title and a description', () => {
    expect([...built.keys()]).toEqual([
      'person',
      'rule',
      'model-spec',
      'accelerator-input',
      'envelope-input',
      'bcf-contingency-cost',
      'bcf-contingency-plan',
      'bcf-performance-element',
      'bcf-plan',
      'bcf-risk-register',
      'bcf-trajectory',
    ]);
    for (const [name, { schema, file }] of built) {
      expect(file).toBe(`${name}.schema.json`);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`https://unpkg.com/phm-kit@${VERSION}/dist/schemas/${name}.schema.json`);
      expect(schema.title).toMatch(/^phm-kit /);
      expect(schema.description).toEqual(expect.any(String));
      expect(JSON.stringify(schema)).not.toContain('__phm');
    }
  });

  it('are deterministic: the same bytes on every build', () => {
    const again = buildJsonSchemas(VERSION);
    for (const [name, b] of built) expect(JSON.stringify(again.get(name)!.schema)).toBe(JSON.stringify(b.schema));
    expect(JSON.stringify(schemaIndex(again, VERSION))).toBe(JSON.stringify(schemaIndex(built, VERSION)));
  });

  it('say in the description, in $comment where it applies, and in index.json what they cannot check', () => {
    const index = schemaIndex(built, VERSION) as { schemas: { name: string; unchecked: string[] }[] };
    for (const [name, b] of built) {
      for (const text of b.unchecked) expect(b.schema.description).toContain(text);
      expect(index.schemas.find((s) => s.name === name)!.unchecked).toEqual(b.unchecked);
      const comments = JSON.stringify(b.schema).match(/"\$comment"/g)?.length ?? 0;
      expect(comments > 0).toBe(b.unchecked.length > 0);
    }
    expect(built.get('person')!.unchecked.join(' ')).toMatch(/deathDate cannot be before birthDate/);
    expect(built.get('rule')!.schema.$defs).toHaveProperty('Rule');
  });

  it('compile under ajv strict mode (draft 2020-12, formats asserted)', () => {
    expect(validators.size).toBe(JSON_SCHEMA_ENTRIES.length);
  });

  it.each(Object.keys(VALID))('%s: valid records pass both zod and the JSON Schema', (name) => {
    expect(VALID[name]!.length).toBeGreaterThan(0);
    for (const record of VALID[name]!) {
      const v = verdicts(name, json(record));
      expect({ record, zod: v.zodOk, issues: v.issues }).toMatchObject({ zod: true });
      expect({ record, ajv: v.ajvOk, errors: v.ajvErrors }).toMatchObject({ ajv: true });
    }
  });

  it.each(Object.keys(HOSTILE))('%s: hostile records JSON Schema can express fail both', (name) => {
    for (const record of HOSTILE[name]!) {
      const v = verdicts(name, record);
      expect({ record, zod: v.zodOk }).toEqual({ record, zod: false });
      expect({ record, ajv: v.ajvOk }).toEqual({ record, ajv: false });
    }
  });

  it.each(GAPS)('%s: the documented gap %s is real (JSON Schema accepts, zod rejects)', (name, id, record) => {
    const v = verdicts(name, record);
    expect({ zod: v.zodOk, ajv: v.ajvOk }).toEqual({ zod: false, ajv: true });
    expect(explained(v.issues, explainable(name).filter((r) => r.id === id))).toBe(true);
  });

  it('leave no non-exact refinement without a demonstrated gap', () => {
    const demonstrated = new Set(GAPS.map(([, id]) => id));
    const undocumented = REFINEMENTS.filter((r) => !r.exact && r.id !== 'calendar-date' && !demonstrated.has(r.id)).map((r) => r.id);
    expect(undocumented).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: near-valid records, from every valid record above by random edits
// ---------------------------------------------------------------------------------------------

const JUNK: unknown[] = [
  null, true, false, 0, -1, 1, 2, 3, 5, 6, 10, 11, 100, 101, 150, 151, 1.5, 0.5, -0.5, 1e15, 1e20, 1e21, 2 ** 53, 0.001,
  '', ' ', 'x', 'a-b', 'A B', '-1', '-0', '-0.00', '0', '00', '0.5', '1', '1.00', '1.5', '100', '100.5', '0.01', '0.001', '0.010', '10', '5', '1e3', '.5', '1'.repeat(25),
  '2024-02-29', '2023-02-29', '0000-01-01', '0001-01-01', '2024-13-01', '2024-1-01', '2024-04-31', '9999-12-31',
  'female', 'unknown', 'historic', 'capitation', 'blend', 'paceOfChange', 'higher', 'lower', 'min-max', 'rank', 'gate', 'penalty', 'borda', 'per-criterion',
  'healthOutcomes', 'costToSystem', 'reject', 'worst', 'low', 'very high', 'pro-rata', 'threshold', 'permanent-admissions', 'ltc-copd',
  [], [''], ['x'], ['x', 'x'], [1], {}, { days: 1 }, { months: 0 }, { kind: 'historic' }, { marker: 'x' }, { ageAtLeast: 65 }, { id: 'x' }, { percentOfCurrentSpend: 5 },
];

type Path = (string | number)[];

function pathsOf(value: unknown, path: Path = []): Path[] {
  const here = [path];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...path, i]))];
  if (typeof value === 'object' && value !== null) return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...path, k]))];
  return here;
}

type Edit = { at: number; op: 'replace' | 'delete' | 'add-key' | 'push' | 'nudge'; junk: number; key: string };

function applyEdit(record: unknown, { at, op, junk, key }: Edit): unknown {
  const root = { value: json(record) as unknown };
  const paths = pathsOf(root.value);
  const path: Path = ['value', ...paths[at % paths.length]!];
  if (path.length === 1 && op === 'delete') return json(JUNK[junk % JUNK.length]);
  const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], root);
  const last = path.at(-1)!;
  const target = parent[last];
  const replacement = json(JUNK[junk % JUNK.length]);
  if (op === 'replace') parent[last] = replacement;
  else if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (op === 'add-key' && typeof target === 'object' && target !== null && !Array.isArray(target)) target[key] = replacement;
  else if (op === 'push' && Array.isArray(target)) target.push(target.length > 0 && junk % 2 === 0 ? json(target[0]) : replacement);
  else if (op === 'nudge' && typeof target === 'number') parent[last] = [target + 1, -target, target * 1000, target + 0.5, target - 1][junk % 5];
  else if (op === 'nudge' && typeof target === 'string') parent[last] = [`${target} `, target.slice(1), target.toUpperCase(), `-${target}`, `${target}0`][junk % 5];
  else parent[last] = replacement;
  return root.value;
}

const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('replace', 'delete', 'add-key', 'push', 'nudge'),
  junk: fc.nat(),
  key: fc.constantFrom('extra', 'id', 'rule', 'within', 'from', 'to', 'kind', 'amount', 'percent', 'catchAll', '__proto__'),
});

describe('JSON Schema and zod agree on near-valid records', () => {
  Object.keys(VALID).forEach((name, i) => {
    const pool = VALID[name]!;
    property(
      `${name}: one to three random edits of a valid record`,
      7000 + i,
      fc.tuple(fc.nat({ max: pool.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 3 })),
      ([which, edits]) => {
        expectAgreement(name, edits.reduce<unknown>(applyEdit, pool[which]));
      },
      300,
    );
  });

  /** JSON only: a pipeline hands over parsed JSON, not getters or proxies. */
  const asJson = (value: unknown): unknown => {
    try {
      const text = JSON.stringify(value);
      return text === undefined ? null : JSON.parse(text);
    } catch {
      return null;
    }
  };
  property('person: nearValidPersonArb', 7101, nearValidPersonArb(ASOF).map(asJson), (row) => void expectAgreement('person', row));
  property('person: junkRowArb', 7102, junkRowArb(ASOF).map(asJson), (row) => void expectAgreement('person', row), 500);
  property('person: personArb records are accepted by both', 7103, personArb(ASOF).map(asJson), (row) => {
    expect(expectAgreement('person', row)).toMatchObject({ zodOk: true, ajvOk: true });
  }, 300);
  property('rule: ruleArb', 7104, ruleArb.map(asJson), (rule) => void expectAgreement('rule', rule), 300);
  property('model-spec: rawModelSpecArb', 7105, rawModelSpecArb.map(asJson), (spec) => void expectAgreement('model-spec', spec), 200);
  property('accelerator-input: inputArb', 7106, inputArb().map(asJson), (input) => {
    expect(expectAgreement('accelerator-input', input).ajvOk).toBe(true);
  }, 200);
});
