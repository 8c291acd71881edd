/**
 * The zod input schemas of phm-kit as JSON Schema (draft 2020-12) files, for pipelines in other
 * languages (Python's `jsonschema`, R's `jsonvalidate`, ...) that want to check records before
 * handing them over. Generated with zod's own converter, `z.toJSONSchema`, in `input` mode: the
 * shape a caller may send (defaults make a field optional), not the parsed output.
 *
 * Zod refinements (`.refine`, `.superRefine`) are code, and the converter drops them. Every
 * refinement reachable from an exported schema must be listed in {@link REFINEMENTS} (the build
 * fails on one that is not): either a JSON Schema rule that says the same thing (`tighten`), or
 * a sentence, written into the schema's `description` and the node's `$comment`, saying what phm-kit
 * checks that the JSON Schema cannot. The test (test/package/json-schemas.test.ts) checks that
 * the JSON Schemas are never stricter than zod, and only more lenient in the documented ways.
 *
 * `npm run build` runs this after tsup (`tsx scripts/json-schemas.ts`): it writes
 * dist/schemas/<name>.schema.json and dist/schemas/index.json. {@link buildJsonSchemas} is pure,
 * so the test builds the same schemas in-process.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { PersonSchema, RuleSchema, ModelSpecSchema } from '../src/segmentation/index.js';
import { AcceleratorInputSchema } from '../src/prioritisation/index.js';
import { EnvelopeInputSchema } from '../src/finance/index.js';
import { BcfPlanSchema, ContingencyCostSchema, ContingencyPlanSchema, PerformanceElementSchema, RiskRegisterSchema, TrajectorySchema } from '../src/bcf/index.js';

export type JsonObject = { [key: string]: unknown };

/** One exported JSON Schema file. */
export interface JsonSchemaEntry {
  /** File name stem: dist/schemas/<name>.schema.json. */
  readonly name: string;
  /** The zod schema, and where users find it in TypeScript. */
  readonly schema: z.ZodType;
  readonly exportName: string;
  readonly module: string;
  /** The function that reads such a record. */
  readonly readBy: string;
  readonly title: string;
  readonly description: string;
}

/**
 * The input schemas a pipeline validates records against before handing them over: records and
 * documents (people, models, plans, registers), not the options objects of function calls (which
 * a TypeScript caller writes, e.g. `{ asOf }`), nor the parts of a record (a marker entry, a
 * segment), which each record's schema contains.
 */
export const JSON_SCHEMA_ENTRIES: readonly JsonSchemaEntry[] = [
  {
    name: 'person',
    schema: PersonSchema,
    exportName: 'PersonSchema',
    module: 'phm-kit/segmentation',
    readBy: 'segmentPopulation, segmentStream, classify, screenRecords',
    title: 'phm-kit person record',
    description: 'One person in a population: the record a segmentation reads. Extra fields are allowed and ignored.',
  },
  {
    name: 'rule',
    schema: RuleSchema,
    exportName: 'RuleSchema',
    module: 'phm-kit/segmentation',
    readBy: 'describeRule; the rules inside a segmentation model',
    title: 'phm-kit segmentation rule',
    description: 'A segmentation rule as plain JSON: all, any, not, marker (with optional within), ageAtLeast, ageBelow, atLeast (with of), sex.',
  },
  {
    name: 'model-spec',
    schema: ModelSpecSchema,
    exportName: 'ModelSpecSchema',
    module: 'phm-kit/segmentation',
    readBy: 'defineModel',
    title: 'phm-kit segmentation model',
    description:
      'A segmentation model: an ordered list of segments, first match wins, the last a catch-all. defineModel also checks what no schema can: unique ids, ' +
      'the catch-all last, every marker known (catalogue or the model\'s own markers), and every segment reachable.',
  },
  {
    name: 'accelerator-input',
    schema: AcceleratorInputSchema,
    exportName: 'AcceleratorInputSchema',
    module: 'phm-kit/prioritisation',
    readBy: 'selectAccelerator, sensitivity',
    title: 'phm-kit accelerator selection input',
    description: 'Everything selectAccelerator reads: candidate segments, evidence and indicators, weights, shortlist, missing-evidence policy, votes and feasibility limits.',
  },
  {
    name: 'envelope-input',
    schema: EnvelopeInputSchema,
    exportName: 'EnvelopeInputSchema',
    module: 'phm-kit/finance',
    readBy: 'allocateEnvelopes',
    title: 'phm-kit budget envelope input',
    description: 'A system total to split into segment envelopes: the method, the segments with their populations, spends, floors and caps, and top slices.',
  },
  {
    name: 'bcf-contingency-cost',
    schema: ContingencyCostSchema,
    exportName: 'ContingencyCostSchema',
    module: 'phm-kit/bcf',
    readBy: 'contingencyCost',
    title: 'phm-kit BCF contingency cost',
    description: 'The worst-case cost of one Better Care Fund outcome: unit cost x volume (x days) x part-year factor.',
  },
  {
    name: 'bcf-contingency-plan',
    schema: ContingencyPlanSchema,
    exportName: 'ContingencyPlanSchema',
    module: 'phm-kit/bcf',
    readBy: 'contingencyPlan',
    title: 'phm-kit BCF contingency plan',
    description: 'A Better Care Fund contingency plan: the outcomes at risk, the contingency fund, and optional likelihoods by outcome id.',
  },
  {
    name: 'bcf-performance-element',
    schema: PerformanceElementSchema,
    exportName: 'PerformanceElementSchema',
    module: 'phm-kit/bcf',
    readBy: 'performanceElement',
    title: 'phm-kit BCF performance element',
    description: 'The Better Care Fund performance element: the pooled fund, the share paid for performance, and each metric\'s baseline, target and achievement.',
  },
  {
    name: 'bcf-plan',
    schema: BcfPlanSchema,
    exportName: 'BcfPlanSchema',
    module: 'phm-kit/bcf',
    readBy: 'reconcilePlan',
    title: 'phm-kit BCF plan figures to reconcile',
    description: 'The totals a Better Care Fund plan states, with their parts, and its contingency outcomes with their stated results.',
  },
  {
    name: 'bcf-risk-register',
    schema: RiskRegisterSchema,
    exportName: 'RiskRegisterSchema',
    module: 'phm-kit/bcf',
    readBy: 'summariseRegister',
    title: 'phm-kit BCF risk register',
    description: 'A risk register: each risk rated (low, medium, high, very high) or scored (likelihood and impact, 1-5), with an optional exposure.',
  },
  {
    name: 'bcf-trajectory',
    schema: TrajectorySchema,
    exportName: 'TrajectorySchema',
    module: 'phm-kit/bcf',
    readBy: 'trajectory',
    title: 'phm-kit BCF metric trajectory',
    description: 'A metric\'s baseline, constant monthly change and number of months.',
  },
];

/** A zod refinement, and what the JSON Schema makes of it. */
export interface Refinement {
  readonly id: string;
  /** `true` when `tighten` says exactly what the refinement says, on every JSON value. */
  readonly exact: boolean;
  /** What phm-kit checks that the JSON Schema does not (for refinements that are not exact). */
  readonly unchecked?: string;
  /** The messages of the zod issues the refinement raises: its `message`, or (superRefine) patterns. */
  readonly messages: readonly (string | RegExp)[];
  /** For `.superRefine` checks, which carry no message: the schemas that hold them. */
  readonly carriers?: readonly z.ZodType[];
  /** Writes the refinement (or the part of it JSON Schema can say) into the generated node. */
  readonly tighten?: (node: JsonObject) => void;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** YYYY-MM-DD, years 0001-9999, months 01-12, days 01-31. */
const ISO_DATE_PATTERN = '^(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$';

function branch(node: JsonObject, type: string): JsonObject {
  const found = (node.anyOf as JsonObject[] | undefined)?.find((b) => b.type === type || (type === 'number' && b.type === 'integer'));
  if (found === undefined) throw new Error(`Expected a union with a ${type} branch, got ${JSON.stringify(node)}`);
  return found;
}
const stringBranch = (node: JsonObject): JsonObject => branch(node, 'string');
const numberBranch = (node: JsonObject): JsonObject => branch(node, 'number');
/** Raise a lower bound (never lower one a child set). */
const atLeast = (node: JsonObject, n: number) => {
  node.minimum = typeof node.minimum === 'number' ? Math.max(node.minimum, n) : n;
};
/** Lower an upper bound. */
const atMost = (node: JsonObject, n: number) => {
  node.maximum = typeof node.maximum === 'number' ? Math.min(node.maximum, n) : n;
};
const safeInteger = (node: JsonObject) => {
  node.type = 'integer';
  atLeast(node, -MAX_SAFE);
  atMost(node, MAX_SAFE);
};

/** The `.superRefine` inside the rule union: the `{ atLeast, of }` branch. */
function atLeastRuleBranch(): z.ZodType {
  const union = (RuleSchema as unknown as { _zod: { innerType: { options: z.ZodType[] } } })._zod.innerType;
  const found = union.options.find((o) => 'atLeast' in ((o as unknown as { shape?: object }).shape ?? {}));
  if (found === undefined) throw new Error('RuleSchema has no atLeast branch');
  return found;
}

/**
 * Every refinement reachable from {@link JSON_SCHEMA_ENTRIES}. A refinement missing here fails the
 * build, so a new `.refine` cannot silently make the JSON Schemas more lenient than documented.
 */
export const REFINEMENTS: readonly Refinement[] = [
  {
    id: 'calendar-date',
    exact: false,
    unchecked: 'Dates are real calendar days. The pattern checks YYYY-MM-DD, years 0001-9999, months 01-12, days 01-31; that the day exists in its month (no 2023-02-29) is checked by `format: "date"` only where a validator asserts formats (ajv with ajv-formats; Python jsonschema with a FormatChecker).',
    messages: ['Expected a calendar date written YYYY-MM-DD, e.g. 2024-04-01'],
    tighten: (node) => {
      node.pattern = ISO_DATE_PATTERN;
      node.format = 'date';
    },
  },
  {
    id: 'marker-dates-in-order',
    exact: false,
    unchecked: 'A dated marker cannot end before it starts: from <= to.',
    messages: ['A marker cannot end (to) before it starts (from)'],
  },
  {
    id: 'death-after-birth',
    exact: false,
    unchecked: 'deathDate cannot be before birthDate.',
    messages: ['deathDate cannot be before birthDate'],
  },
  {
    id: 'deregistration-after-registration',
    exact: false,
    unchecked: 'deregistrationDate cannot be before birthDate, nor before registrationDate.',
    messages: ['deregistrationDate cannot be before birthDate', 'deregistrationDate cannot be before registrationDate'],
  },
  {
    id: 'at-least-of',
    exact: false,
    unchecked: 'In { atLeast, of } rules, `of` lists each marker once and atLeast is at most the number of markers in `of`.',
    messages: ['`of` lists a marker more than once', /^atLeast \d+ of \d+ markers can never hold$/],
    carriers: [atLeastRuleBranch()],
  },
  {
    id: 'safe-integer-money',
    exact: true,
    messages: ['A JS number that is not a safe integer can lose pennies: pass the amount as a decimal string, e.g. "1234.56"', 'Pass amounts that are not safe integers as decimal strings'],
    tighten: safeInteger,
  },
  {
    id: 'non-negative-money',
    exact: true,
    messages: ['Expected an amount that is not negative'],
    tighten: (node) => {
      stringBranch(node).pattern = '^(?:[0-9]+(?:\\.[0-9]+)?|-0+(?:\\.0+)?)$';
      atLeast(numberBranch(node), 0);
    },
  },
  {
    id: 'bcf-money-length',
    exact: true, // safe integers have at most 17 characters; strings are ASCII digits
    messages: ['At most 24 characters: the calculators keep every digit exact'],
    tighten: (node) => {
      stringBranch(node).maxLength = 24;
    },
  },
  {
    id: 'rounding-unit',
    exact: true,
    messages: ['The rounding unit must be a power of ten of a pound, from one penny: "0.01", "0.1", "1", "10", "1000", ...'],
    tighten: (node) => {
      const branches = Array.isArray(node.anyOf) ? (node.anyOf as JsonObject[]) : [node];
      const maxLength = branches.find((b) => b.type === 'string')?.maxLength;
      delete node.type;
      node.anyOf = [
        // The string branch keeps the schema's own length limit.
        { type: 'string', pattern: '^(?:0*10*(?:\\.0+)?|0+\\.0?10*)$', ...(maxLength === undefined ? {} : { maxLength }) },
        // JS prints 1e21 and up in exponent form, which is not a decimal: 1e20 is the largest.
        { type: 'number', enum: Array.from({ length: 23 }, (_, i) => Number(`1e${i - 2}`)) },
      ];
    },
  },
  {
    id: 'finite-number',
    exact: true, // JSON has no NaN or Infinity
    messages: ['Expected a finite number'],
  },
  {
    id: 'non-negative-number',
    exact: true,
    messages: ['Expected a finite number that is not negative', 'Weights must be finite and not negative'],
    tighten: (node) => atLeast(node, 0),
  },
  {
    id: 'fraction',
    exact: true,
    messages: ['Expected a fraction from 0 to 1'],
    tighten: (node) => {
      stringBranch(node).pattern = '^0*(?:0(?:\\.[0-9]+)?|1(?:\\.0+)?)$';
      atMost(numberBranch(node), 1);
    },
  },
  {
    id: 'percent-at-most-100',
    exact: true,
    messages: ['At most 100%'],
    tighten: (node) => {
      stringBranch(node).pattern = '^0*(?:[0-9]{1,2}(?:\\.[0-9]+)?|100(?:\\.0+)?)$';
      atMost(numberBranch(node), 100);
    },
  },
  {
    id: 'trajectory-decimal',
    exact: false,
    unchecked: 'Numbers given for baseline and monthlyChange have at most 12 decimals.',
    messages: ['Expected a finite number below 1e15 with at most 12 decimals'],
    tighten: (node) => {
      node.exclusiveMinimum = -1e15;
      node.exclusiveMaximum = 1e15;
    },
  },
  {
    id: 'monthly-change-above-minus-one',
    exact: false,
    unchecked: 'monthlyChange is above -1 (a fall of less than 100%).',
    messages: ['A monthly change must be above -1 (a fall of less than 100%)'],
  },
  {
    id: 'scale-order',
    exact: false,
    unchecked: 'scale.min is below scale.max.',
    messages: ['scale.min must be below scale.max'],
  },
  {
    id: 'accelerator-cross-checks',
    exact: false,
    unchecked:
      'Candidate ids are unique; evidence scores lie on the scale; a criterion measured by indicators has no direct evidence score; indicator values, votes and groupings name known candidates; ' +
      'the step 1 and step 2 weights are not all zero; one vote per stakeholder per criterion (per-criterion) or one ballot per stakeholder ranking each candidate once (borda); ' +
      "evidence is present wherever its missing policy is 'reject'.",
    messages: [
      /^Duplicate candidate id /,
      /^Score .* is outside the scale /,
      /^Criterion '.*' is measured by indicators/,
      /^Unknown candidate '/,
      /^The step \d weights are all zero/,
      /^Vote for unknown candidate '/,
      /^Stakeholder '.*' has already voted on /,
      /^Stakeholder '.*' has more than one ballot$/,
      'A ballot ranks a candidate more than once',
      /^Evidence on .* is missing and its policy is 'reject'$/,
    ],
    carriers: [AcceleratorInputSchema],
  },
  {
    id: 'envelope-cross-checks',
    exact: false,
    unchecked:
      'Segment and top-slice ids are unique (across both); a segment gives needWeight or costPerHead, not both; the method\'s data is present (currentSpend for historic shares, ' +
      'maxChange and percentage bounds; population for capitation); capitation uses costs per head for every segment or for none.',
    messages: [
      /^Duplicate segment id '/,
      'Give needWeight or costPerHead, not both',
      'The method uses current spend: every segment needs currentSpend',
      'The method uses capitation: every segment needs a population',
      'A percentage of current spend needs currentSpend',
      'Capitation uses either a cost per head for every segment or need weights: not a mix',
      'maxChange is measured against current spend: every segment needs currentSpend',
      /^Top slice id '.*' is already used$/,
    ],
    carriers: [EnvelopeInputSchema],
  },
  {
    id: 'contingency-plan-cross-checks',
    exact: false,
    unchecked: 'Outcome ids are unique, and likelihoods name known outcomes.',
    messages: [/^Duplicate outcome id '/, /^Unknown outcome '/],
    carriers: [ContingencyPlanSchema],
  },
  {
    id: 'performance-cross-checks',
    exact: false,
    unchecked: 'Metric ids are unique and come from BCF_METRICS or customMetrics; the metric weights are not all zero.',
    messages: [/^Duplicate metric id '/, /^Unknown metric '/, 'Every metric weight is zero'],
    carriers: [PerformanceElementSchema],
  },
  {
    id: 'plan-locations-unique',
    exact: false,
    unchecked: 'Every location (sums and outcomes together) appears once.',
    messages: [/^Location '.*' appears twice$/],
    carriers: [BcfPlanSchema],
  },
];

interface CheckDef {
  check?: string;
  error?: unknown;
}
type ZodInternals = { _zod: { def: { checks?: { _zod: { def: CheckDef } }[] } } };

/** The refinements (`custom` checks) a zod schema node carries, with their messages. */
function customChecks(schema: unknown): { check: unknown; message: string | undefined }[] {
  const checks = (schema as ZodInternals)._zod.def.checks ?? [];
  return checks
    .filter((c) => c._zod.def.check === 'custom')
    .map((c) => {
      const error = c._zod.def.error;
      let message: unknown = error;
      try {
        // `{ message }` becomes a function returning it; a function of the issue may need one.
        if (typeof error === 'function') message = (error as (issue: object) => unknown)({});
      } catch {
        message = undefined;
      }
      return { check: c, message: typeof message === 'string' ? message : undefined };
    });
}

function refinementOf(check: unknown, message: string | undefined, path: readonly (string | number)[]): Refinement {
  const found = REFINEMENTS.find((r) =>
    message !== undefined
      ? r.messages.some((m) => (typeof m === 'string' ? m === message : m.test(message)))
      : (r.carriers ?? []).some((s) => customChecks(s).some((c) => c.check === check)),
  );
  if (found === undefined) {
    throw new Error(`scripts/json-schemas.ts: a refinement at ${path.join('/') || '(root)'} (${message ?? 'superRefine'}) is not in REFINEMENTS: say what the JSON Schema makes of it`);
  }
  return found;
}

/** The base URI of the schemas of one version: where unpkg serves the published files. */
export function schemaBaseUri(version: string): string {
  return `https://unpkg.com/phm-kit@${version}/dist/schemas/`;
}

export interface BuiltJsonSchema {
  readonly entry: JsonSchemaEntry;
  readonly file: string;
  readonly schema: JsonObject;
  /** Ids of the refinements this schema reaches, and of those it cannot fully express. */
  readonly refinements: readonly string[];
  readonly unchecked: readonly string[];
}

/** A temporary key on generated nodes: the ids of the refinements zod dropped there. */
const MARK = '__phmRefinements';

/**
 * Writes the marked refinements into their nodes, children before parents (a union's tightening
 * sees its branches' own), then removes the marks. `tree` must not share nodes: zod's output does
 * (one object per zod schema), which is why the caller clones it first.
 */
function applyRefinements(tree: unknown): void {
  if (Array.isArray(tree)) {
    tree.forEach(applyRefinements);
    return;
  }
  if (typeof tree !== 'object' || tree === null) return;
  const node = tree as JsonObject;
  for (const [key, value] of Object.entries(node)) if (key !== MARK) applyRefinements(value);
  const ids = node[MARK] as string[] | undefined;
  if (ids === undefined) return;
  delete node[MARK];
  const comments: string[] = [];
  for (const id of ids) {
    const refinement = REFINEMENTS.find((r) => r.id === id) as Refinement;
    refinement.tighten?.(node);
    if (!refinement.exact) comments.push(refinement.unchecked ?? refinement.id);
  }
  if (comments.length > 0) node.$comment = `Not checked by this JSON Schema (phm-kit checks it): ${comments.join(' ')}`;
}

/** Converts one entry; pure. */
export function buildJsonSchema(entry: JsonSchemaEntry, version: string): BuiltJsonSchema {
  const used = new Set<Refinement>();
  const unrepresentable: string[] = [];
  const metadata = z.registry<{ id?: string }>();
  metadata.add(RuleSchema, { id: 'Rule' });
  const generated = z.toJSONSchema(entry.schema, {
    target: 'draft-2020-12',
    io: 'input',
    metadata,
    // Nothing in the exported schemas is unrepresentable today; should something become so,
    // it is listed as unchecked rather than failing the build.
    unrepresentable: ({ path, message }) => {
      unrepresentable.push(`${path.join('/') || '(root)'}: ${message}`);
      return 'any';
    },
    override: ({ zodSchema, jsonSchema, path }) => {
      const ids = customChecks(zodSchema).map(({ check, message }) => refinementOf(check, message, path));
      ids.forEach((r) => used.add(r));
      if (ids.length > 0) (jsonSchema as JsonObject)[MARK] = ids.map((r) => r.id);
    },
  });
  const converted = JSON.parse(JSON.stringify(generated)) as JsonObject;
  applyRefinements(converted);
  const refinements = REFINEMENTS.filter((r) => used.has(r));
  const unchecked = [...refinements.filter((r) => !r.exact).map((r) => r.unchecked ?? r.id), ...unrepresentable.map((u) => `Not representable: ${u}`)];
  const file = `${entry.name}.schema.json`;
  const { $schema, ...rest } = converted;
  const description = [
    entry.description,
    `Generated from the zod schema ${entry.exportName} of ${entry.module} (input side: fields with defaults are optional), read by ${entry.readBy}.`,
    ...(unchecked.length > 0 ? ['phm-kit also checks what this JSON Schema cannot: ' + unchecked.map((u) => `(${unchecked.indexOf(u) + 1}) ${u}`).join(' ')] : []),
  ].join('\n\n');
  const schema: JsonObject = { $schema, $id: schemaBaseUri(version) + file, title: entry.title, description, ...rest };
  return { entry, file, schema, refinements: refinements.map((r) => r.id), unchecked };
}

/** Every JSON Schema of the package, by name; pure and deterministic. */
export function buildJsonSchemas(version: string): Map<string, BuiltJsonSchema> {
  return new Map(JSON_SCHEMA_ENTRIES.map((entry) => [entry.name, buildJsonSchema(entry, version)]));
}

/** dist/schemas/index.json: what each file is, and what it does not check. */
export function schemaIndex(built: ReadonlyMap<string, BuiltJsonSchema>, version: string): JsonObject {
  return {
    description:
      'JSON Schemas (draft 2020-12) of the phm-kit input records, generated from its zod schemas, for validating records in other languages before handing them over. ' +
      'A record these reject, phm-kit rejects too; phm-kit also checks what `unchecked` lists (and each schema\'s description and $comment say). ' +
      'Patterns are ECMA-262 regular expressions, as JSON Schema specifies: under Python\'s re, `$` also matches before a final newline and `\\d` any Unicode digit, so there they are slightly more lenient.',
    version,
    schemas: [...built.values()].map(({ entry, file, schema, unchecked }) => ({
      name: entry.name,
      file,
      $id: schema.$id,
      title: entry.title,
      zodSchema: `${entry.exportName} from ${entry.module}`,
      readBy: entry.readBy,
      unchecked,
    })),
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Writes dist/schemas; the only side effect of this module, run only as a script. */
function main(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const out = join(root, 'dist', 'schemas');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const built = buildJsonSchemas(version);
  for (const { file, schema } of built.values()) writeFileSync(join(out, file), json(schema));
  writeFileSync(join(out, 'index.json'), json(schemaIndex(built, version)));
  console.log(`JSON Schemas: ${built.size} written to dist/schemas (${[...built.keys()].join(', ')})`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
