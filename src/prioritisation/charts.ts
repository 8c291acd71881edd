import type { DeepReadonly } from '../core/freeze.js';
import * as z from 'zod';
import { PhmValidationError, type PhmIssue } from '../core/errors.js';
import { describeIssues, parseInput, pickFields, recordOf, type FieldsRead } from '../core/validation.js';
import { CATEGORY_COLOURS, ChartOptionsSchema, LabelsSchema, PAIR_COLOURS, labelsFor, specHeader, type VegaLiteSpec } from '../core/vega-lite.js';
import { ACCELERATOR_CRITERIA, CRITERION_IDS, type CriterionId } from './criteria.js';
import type { AcceleratorSelection } from './select.js';
import type { SensitivityReport } from './sensitivity.js';

const CriterionSchema = z.enum(CRITERION_IDS as [CriterionId, ...CriterionId[]]);
const Score = z.number().min(0).max(100);
const Fraction = z.number().min(0).max(1);

const StepScoresSchema = z.array(
  z.object({
    id: z.string().min(1),
    score: Score,
    contributions: z.array(
      z.object({
        criterion: CriterionSchema,
        weight: Fraction,
        score: Score.nullable(),
        // Points can exceed the composite by float noise only; the composite itself is clamped.
        points: z.number().min(0).max(100 + 1e-6),
        source: z.enum(['evidence', 'worst', 'midpoint', 'excluded']),
      }),
    ),
  }),
);

/** The parts of an {@link AcceleratorSelection} the chart reads: extra fields are ignored, not copied. */
const SelectionSchema = z.object({
  recommended: z.array(z.string().min(1)),
  tiedForFirst: z.array(z.string().min(1)),
  steps: z.object({
    step1: z.object({ scores: StepScoresSchema.min(1) }),
    step2: z.object({ scores: StepScoresSchema }),
    step3: z.object({
      scores: z.array(z.object({ id: z.string().min(1), score: z.number(), excluded: z.array(z.string()) })),
    }),
  }),
});

/** The parts of a {@link SensitivityReport} the chart reads. */
const ReportSchema = z.object({
  recommended: z.array(z.string().min(1)),
  weights: z.array(
    z.object({
      criterion: CriterionSchema,
      share: Fraction,
      stableShare: z.tuple([Fraction, Fraction]).nullable(),
    }),
  ),
  monteCarlo: z.object({
    samples: z.number().int().min(1),
    seed: z.number().int(),
    probabilityFirst: recordOf(z.string().min(1), Fraction).refine((p) => Object.keys(p).length > 0, { message: 'Expected at least one candidate' }),
    probabilityNoneEligible: Fraction,
  }),
});

/**
 * Candidate labels: a record from candidate id to label, or the accelerator input itself,
 * whose candidates' labels are used (their ids where they have none).
 */
const CandidateLabelsSchema = z.union(
  [LabelsSchema, z.object({ candidates: z.array(z.object({ id: z.string().min(1), label: z.string().min(1).optional() })).min(1) }).transform((input) => Object.fromEntries(input.candidates.map((c) => [c.id, c.label ?? c.id])))],
  { error: 'Expected labels: a record from candidate id to label, or the accelerator input' },
);

/**
 * Zod schema of the options of {@link acceleratorScoresChart} and {@link sensitivityChart}:
 * title, width, height and candidate labels.
 *
 * @example
 * AcceleratorChartOptionsSchema.safeParse({ labels: { frailty: 'People with frailty' } }).success // true
 */
export const AcceleratorChartOptionsSchema = ChartOptionsSchema.extend({
  /** Candidate labels, from id to label, or the accelerator input (its candidates' labels). Default: the ids. */
  labels: CandidateLabelsSchema.optional(),
});

/**
 * Candidate labels as the accelerator charts take them: a record from id to label, or the
 * accelerator input itself (an `AcceleratorInput` fits), whose candidates' labels are used.
 *
 * @example
 * const labels: CandidateLabels = { frailty: 'People with frailty' };
 * acceleratorScoresChart(selectAccelerator(input), { labels: input }); // or the input's own labels
 */
export type CandidateLabels = Readonly<Record<string, string>> | { readonly candidates: readonly { readonly id: string; readonly label?: string | undefined }[] };

/**
 * Options of {@link acceleratorScoresChart} and {@link sensitivityChart}.
 *
 * @example
 * const options: AcceleratorChartOptions = { labels: input, width: 420 };
 * sensitivityChart(sensitivity(input, { seed: 2017 }), options);
 */
export type AcceleratorChartOptions = Omit<z.input<typeof AcceleratorChartOptionsSchema>, 'labels'> & { labels?: CandidateLabels | undefined };

const CRITERION_LABELS = ACCELERATOR_CRITERIA.map((c) => c.label);
const criterionLabel = (id: CriterionId) => (ACCELERATOR_CRITERIA.find((c) => c.id === id) as { label: string }).label;

/** Candidate labels, keyed by id, checked against the ids the result has. */
function candidateLabels(ids: readonly string[], labels: Readonly<Record<string, string>> | undefined): Map<string, string> {
  const words = labelsFor(ids, labels, ['labels']);
  return new Map(ids.map((id, i) => [id, words[i] as string]));
}

/** The recommendation in words, for a subtitle. */
function verdict(recommended: readonly string[], tied: readonly string[], label: (id: string) => string): string {
  if (recommended.length > 0) return `Recommended: ${recommended.map(label).join(' with ')}`;
  if (tied.length > 0) return `Tied for first: ${tied.map(label).join(', ')}; the method does not choose, the board must`;
  return 'Nothing recommended: no candidate is eligible';
}

/**
 * The fields of a selection the chart reads. Its audit trail and normalised indicators are not
 * read at all: for thousands of candidates they hold more values than a checked input may.
 */
const SELECTION_FIELDS: FieldsRead = { recommended: true, tiedForFirst: true, steps: { step1: true, step2: true, step3: true } };

/** Throws when the result names a candidate that step 1 never scored. */
function checkKnown(ids: ReadonlySet<string>, named: readonly { path: (string | number)[]; id: string }[], what: string): void {
  const issues: PhmIssue[] = named.filter((n) => !ids.has(n.id)).map((n) => ({ path: n.path, message: `Unknown candidate '${n.id}'` }));
  if (issues.length > 0) throw new PhmValidationError(`Invalid ${what}: ${describeIssues(issues)}`, issues);
}

/**
 * Stacked bars of each candidate's composite score, split into the points each criterion
 * contributes (its 0-100 score times its share of the step's weight), from
 * {@link selectAccelerator}'s result, as a Vega-Lite specification: plain JSON, data included.
 * Three panels, one above the other: step 1 (the three gaps, every candidate), step 2 (the
 * shortlist), and step 3's final score (votes and feasibility), marking who was excluded and
 * who is recommended. Candidates run best first in each panel, ties in input order.
 *
 * Throws `PhmValidationError` naming the path when the input is not a selection, or a label
 * names a candidate the selection does not have.
 *
 * @example
 * const result = selectAccelerator(input);
 * const spec = acceleratorScoresChart(result, { labels: input });
 * spec.vconcat[0].data.values[0];
 * // { step: 1, candidate: 'long-term-conditions', label: 'People with long-term conditions', criterion: 'healthOutcomes', points: 33.3, ... }
 */
export function acceleratorScoresChart(selection: AcceleratorSelection, options: DeepReadonly<AcceleratorChartOptions> = {}): VegaLiteSpec {
  const opts = parseInput(AcceleratorChartOptionsSchema, options, 'options');
  const input = parseInput(SelectionSchema, pickFields(selection, SELECTION_FIELDS, 'accelerator selection'), 'accelerator selection');
  const { step1, step2, step3 } = input.steps;
  const ids = step1.scores.map((s) => s.id);
  const known = new Set(ids);
  checkKnown(
    known,
    [
      ...step2.scores.map((s, i) => ({ path: ['steps', 'step2', 'scores', i, 'id'], id: s.id })),
      ...step3.scores.map((s, i) => ({ path: ['steps', 'step3', 'scores', i, 'id'], id: s.id })),
      ...input.recommended.map((id, i) => ({ path: ['recommended', i], id })),
      ...input.tiedForFirst.map((id, i) => ({ path: ['tiedForFirst', i], id })),
    ],
    'accelerator selection',
  );
  const labels = candidateLabels(ids, opts.labels);
  const label = (id: string) => labels.get(id) as string;
  // Best first; a stable sort keeps tied candidates in input order.
  const bestFirst = <T extends { id: string; score: number }>(scores: readonly T[]) => [...scores].sort((a, b) => b.score - a.score).map((s) => label(s.id));

  const width = opts.width ?? 360;
  const height = opts.height ?? { step: 26 };
  const colour = { field: 'criterionLabel', type: 'nominal', sort: CRITERION_LABELS, scale: { domain: CRITERION_LABELS, range: CATEGORY_COLOURS.slice(0, CRITERION_LABELS.length) }, title: 'Criterion' };
  const panel = (step: 1 | 2, title: string, scores: z.output<typeof StepScoresSchema>) => ({
    title: { text: title, anchor: 'start', fontSize: 12 },
    width,
    height,
    data: {
      values: scores.flatMap((s) =>
        s.contributions.map((c) => ({
          step,
          candidate: s.id,
          label: label(s.id),
          criterion: c.criterion,
          criterionLabel: criterionLabel(c.criterion),
          order: CRITERION_IDS.indexOf(c.criterion),
          criterionScore: c.score,
          weight: c.weight,
          source: c.source,
          points: c.points,
          composite: s.score,
        })),
      ),
    },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: bestFirst(scores), title: null },
      x: { field: 'points', type: 'quantitative', stack: 'zero', scale: { domain: [0, 100] }, title: `Step ${step} composite score (0-100)` },
      color: colour,
      order: { field: 'order', type: 'quantitative' },
      tooltip: [
        { field: 'label', type: 'nominal', title: 'Candidate' },
        { field: 'criterionLabel', type: 'nominal', title: 'Criterion' },
        { field: 'criterionScore', type: 'quantitative', title: 'Criterion score (0-100)', format: '.1f' },
        { field: 'weight', type: 'quantitative', title: 'Share of the step weight', format: '.1%' },
        { field: 'source', type: 'nominal', title: 'Score from' },
        { field: 'points', type: 'quantitative', title: 'Points', format: '.1f' },
        { field: 'composite', type: 'quantitative', title: 'Composite', format: '.1f' },
      ],
    },
  });

  const recommended = new Set(input.recommended);
  const tied = new Set(input.tiedForFirst);
  const finals = step3.scores.map((s) => {
    const excluded = s.excluded.length > 0;
    const note = excluded ? 'excluded: fails feasibility' : recommended.has(s.id) ? 'recommended' : tied.has(s.id) ? 'tied for first' : '';
    return { step: 3, candidate: s.id, label: label(s.id), score: s.score, excluded, reasons: s.excluded.join('; '), note, text: `${s.score.toFixed(1)}${note === '' ? '' : `  ${note}`}` };
  });
  const x3 = { field: 'score', type: 'quantitative', scale: { domain: [0, 100] }, title: 'Step 3 final score (0-100)' };
  const y3 = { field: 'label', type: 'nominal', sort: bestFirst(step3.scores), title: null };
  const panels: unknown[] = [panel(1, 'Step 1: the three gaps, every candidate', step1.scores)];
  if (step2.scores.length > 0) panels.push(panel(2, 'Step 2: strategy, ambition and long-term impact, the shortlist', step2.scores));
  if (finals.length > 0) {
    panels.push({
      title: { text: 'Step 3: the final score, after votes and feasibility', anchor: 'start', fontSize: 12 },
      width,
      height,
      data: { values: finals },
      encoding: { y: y3 },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            x: x3,
            // A condition, not a scale: a colour scale here would merge with the criteria's.
            color: { condition: { test: 'datum.excluded', value: '#BBBBBB' }, value: '#555555' },
            tooltip: [
              { field: 'label', type: 'nominal', title: 'Candidate' },
              { field: 'score', type: 'quantitative', title: 'Final score', format: '.1f' },
              { field: 'note', type: 'nominal', title: 'Note' },
              { field: 'reasons', type: 'nominal', title: 'Feasibility' },
            ],
          },
        },
        { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 3, fontSize: 10 }, encoding: { x: x3, text: { field: 'text', type: 'nominal' } } },
      ],
    });
  }
  return {
    ...specHeader(opts.title ?? 'Accelerator scores by criterion', verdict(input.recommended, input.tiedForFirst, label)),
    vconcat: panels,
  };
}

/**
 * How firm the choice of accelerator segment is, from {@link sensitivity}'s report, as a
 * Vega-Lite specification: plain JSON, data included. Two panels: each candidate's
 * probability of ranking first over the Monte Carlo weight draws (and of no one being
 * eligible, when that happens); and, for each criterion, the range of its share of its step's
 * weight over which the recommendation holds, with a dot at its share now. The second panel is
 * left out when nothing is recommended: there is then nothing to hold.
 *
 * Throws `PhmValidationError` naming the path when the input is not a sensitivity report, or a
 * label names a candidate the report does not have.
 *
 * @example
 * const report = sensitivity(input, { samples: 500, seed: 2017 });
 * const spec = sensitivityChart(report, { labels: input });
 * spec.vconcat[0].data.values[2];
 * // { candidate: 'frailty', label: 'People with frailty', probability: 1, recommended: true, text: '100%  recommended at the input weights' }
 */
export function sensitivityChart(report: SensitivityReport, options: DeepReadonly<AcceleratorChartOptions> = {}): VegaLiteSpec {
  const opts = parseInput(AcceleratorChartOptionsSchema, options, 'options');
  const input = parseInput(ReportSchema, report, 'sensitivity report');
  const { monteCarlo } = input;
  const ids = Object.keys(monteCarlo.probabilityFirst);
  checkKnown(new Set(ids), input.recommended.map((id, i) => ({ path: ['recommended', i], id })), 'sensitivity report');
  const labels = candidateLabels(ids, opts.labels);
  const label = (id: string) => labels.get(id) as string;
  const recommended = new Set(input.recommended);
  const NONE = 'No one eligible';
  if (labels.has(NONE) || [...labels.values()].includes(NONE)) {
    throw new PhmValidationError(`Invalid options: '${NONE}' is reserved`, [{ path: ['labels'], message: `'${NONE}' is the chart's own row: choose another label` }]);
  }
  // Members of a recommended group never rank first themselves: they join the lead.
  const [lead] = input.recommended;
  const noteOn = (id: string | null) => (id === null || !recommended.has(id) ? '' : id === lead ? '  recommended at the input weights' : `  joins ${label(lead as string)}`);
  const probabilities = [
    ...ids.map((id) => ({ candidate: id as string | null, label: label(id), probability: monteCarlo.probabilityFirst[id] as number, recommended: recommended.has(id) })),
    ...(monteCarlo.probabilityNoneEligible > 0 ? [{ candidate: null, label: NONE, probability: monteCarlo.probabilityNoneEligible, recommended: false }] : []),
  ].map((p) => ({ ...p, text: `${(100 * p.probability).toFixed(0)}%${noteOn(p.candidate)}` }));
  const width = opts.width ?? 360;
  const height = opts.height ?? { step: 26 };
  const xp = { field: 'probability', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%' }, title: 'Probability of ranking first' };
  const panels: unknown[] = [
    {
      title: { text: `Who ranks first when the weights are drawn at random (${monteCarlo.samples.toLocaleString('en-GB')} draws, seed ${monteCarlo.seed})`, anchor: 'start', fontSize: 12 },
      width,
      height,
      data: { values: probabilities },
      encoding: { y: { field: 'label', type: 'nominal', sort: probabilities.map((p) => p.label), title: null } },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            x: xp,
            color: { condition: { test: 'datum.recommended', value: PAIR_COLOURS[0] }, value: PAIR_COLOURS[1] },
            tooltip: [
              { field: 'label', type: 'nominal', title: 'Candidate' },
              { field: 'probability', type: 'quantitative', title: 'Probability of ranking first', format: '.1%' },
            ],
          },
        },
        { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 3, fontSize: 10 }, encoding: { x: xp, text: { field: 'text', type: 'nominal' } } },
      ],
    },
  ];
  if (input.recommended.length > 0) {
    const intervals = input.weights.map((w) => ({
      criterion: w.criterion,
      criterionLabel: criterionLabel(w.criterion),
      share: w.share,
      low: (w.stableShare as [number, number])[0],
      high: (w.stableShare as [number, number])[1],
    }));
    const xs = { field: 'low', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%' }, title: "The criterion's share of its step's weight" };
    panels.push({
      title: { text: 'How far each weight can move before the recommendation changes', anchor: 'start', fontSize: 12 },
      width,
      height,
      data: { values: intervals },
      encoding: { y: { field: 'criterionLabel', type: 'nominal', sort: intervals.map((i) => i.criterionLabel), title: null } },
      layer: [
        {
          mark: { type: 'bar', height: 10, color: '#88CCEE' },
          encoding: {
            x: xs,
            x2: { field: 'high' },
            tooltip: [
              { field: 'criterionLabel', type: 'nominal', title: 'Criterion' },
              { field: 'share', type: 'quantitative', title: 'Share now', format: '.1%' },
              { field: 'low', type: 'quantitative', title: 'Holds from', format: '.1%' },
              { field: 'high', type: 'quantitative', title: 'Holds to', format: '.1%' },
            ],
          },
        },
        { mark: { type: 'point', filled: true, size: 50, color: '#000000' }, encoding: { x: { field: 'share', type: 'quantitative' } } },
      ],
    });
  }
  return {
    ...specHeader(
      opts.title ?? 'How firm is the choice of accelerator segment?',
      input.recommended.length > 0
        ? [verdict(input.recommended, [], label), 'Below: the range of each weight over which the choice holds; dots: the weights used']
        : ['Nothing is recommended at the input weights (a tie for first, or no one eligible)'],
    ),
    vconcat: panels,
  };
}
