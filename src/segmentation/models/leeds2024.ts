import * as z from 'zod';
import { parseInput } from '../../core/validation.js';
import { defineModel, type SegmentationModel } from '../model/model.js';
import { LONG_TERM_CONDITION_IDS } from '../model/markers.js';
import type { Rule } from '../model/rule.js';
import { DIABETES_SUBSEGMENT, FRAILTY, FRAILTY_OR_DEMENTIA, LONG_TERM_CONDITIONS_WITH_DEMENTIA, RESPIRATORY_SUBSEGMENT } from './building-blocks.js';

/**
 * Zod schema of the choices the Leeds 2024 documents leave open, as parameters, with their
 * defaults.
 *
 * @example
 * Leeds2024OptionsSchema.parse({})
 * // { childAgeBelow: 18, postnatalDays: 42, dementia: 'long-term-conditions', cypBeforeLearningDisability: true }
 */
export const Leeds2024OptionsSchema = z.strictObject({
  /** Children and young people are those aged under this many years. Default 18. */
  childAgeBelow: z.number().int().min(1).max(150).default(18),
  /** Days after a pregnancy ends during which a person stays in maternity. Default 42. */
  postnatalDays: z.number().int().min(1).max(3650).default(42),
  /**
   * Where dementia goes: `'long-term-conditions'` (default: the 2024 model names no dementia
   * segment) or `'frailty'`, as Bridges to Health and other English systems group it.
   */
  dementia: z.enum(['long-term-conditions', 'frailty']).default('long-term-conditions'),
  /**
   * The cancer segment: absent (default), anyone on the cancer register, which holds survivors
   * diagnosed from 2003 on; or a number of months, for a cancer diagnosed or treated within
   * that look-back (the `cancer-diagnosis-or-treatment` marker's dated entries).
   */
  cancerLookBackMonths: z.number().int().min(1).max(1200).optional(),
  /**
   * Whether children and young people come before learning disability and neurodiversity:
   * `true` (default) puts every child in the children's segment (end of life and maternity
   * aside); `false` places children with a learning disability, autism or ADHD by need, as
   * adults are.
   */
  cypBeforeLearningDisability: z.boolean().default(true),
});

/**
 * The open choices of {@link createLeeds2024Model}: the age below which people are children and
 * young people (`childAgeBelow`, default 18), how many days after a pregnancy ends a person
 * stays in maternity (`postnatalDays`, default 42), where dementia goes (`dementia`), what the
 * cancer segment holds (`cancerLookBackMonths`), and whether children come before learning
 * disability and neurodiversity (`cypBeforeLearningDisability`).
 *
 * @example
 * const options: Leeds2024Options = { childAgeBelow: 25, postnatalDays: 56, dementia: 'frailty' };
 * createLeeds2024Model(options).id; // 'leeds-2024-cyp-under-25-postnatal-56-days-dementia-with-frailty'
 */
export type Leeds2024Options = z.input<typeof Leeds2024OptionsSchema>;

/** The model's id: the standard one for the defaults, otherwise naming every choice made. */
function modelId(o: z.output<typeof Leeds2024OptionsSchema>): string {
  const extras = [
    o.dementia === 'frailty' ? 'dementia-with-frailty' : '',
    o.cancerLookBackMonths === undefined ? '' : `cancer-within-${o.cancerLookBackMonths}-months`,
    o.cypBeforeLearningDisability ? '' : 'ldnd-children-by-need',
  ].filter((e) => e !== '');
  if (o.childAgeBelow === 18 && o.postnatalDays === 42 && extras.length === 0) return 'leeds-2024';
  return [`leeds-2024-cyp-under-${o.childAgeBelow}-postnatal-${o.postnatalDays}-days`, ...extras].join('-');
}

/**
 * Builds the Leeds 2024 nine-segment model (Healthy Leeds Plan, Leeds Health and Care
 * Partnership, 2024, section 4 "Population health infrastructure", "The Leeds Segmentation
 * Model") with the open choices set as you need. {@link leeds2024} is this model with the
 * defaults.
 *
 * @example
 * const model = createLeeds2024Model({ childAgeBelow: 25 }); // CYP up to 25, as for SEND
 */
export function createLeeds2024Model(options: Leeds2024Options = {}): SegmentationModel {
  const o = parseInput(Leeds2024OptionsSchema, options, 'Leeds 2024 model options');
  const { childAgeBelow, postnatalDays, dementia, cancerLookBackMonths, cypBeforeLearningDisability } = o;
  const dementiaWithFrailty = dementia === 'frailty';
  const longTermConditions = dementiaWithFrailty ? LONG_TERM_CONDITION_IDS : LONG_TERM_CONDITIONS_WITH_DEMENTIA;
  const learningDisabilityOrNeurodiversity: Rule = { any: [{ marker: 'learning-disability' }, { marker: 'autism' }, { marker: 'adhd' }] };
  return defineModel({
    // Results from other choices must not pass for the standard model's.
    id: modelId(o),
    label: 'Leeds 2024: nine mutually exclusive population segments',
    description:
      'The Leeds Health and Care Partnership segmentation: everyone in Leeds in exactly one of nine segments at one time, each with its own population board.',
    source: 'Healthy Leeds Plan (Leeds Health and Care Partnership, 2024), section 4 "Population health infrastructure", "The Leeds Segmentation Model".',
    assumptions: [
      'Precedence (first match wins) is a phm-kit decision: the plan names the nine segments but not how overlaps are resolved. Order: end of life, maternity, children and young people, frailty, cancer, learning disability and neurodiversity, serious mental illness, long-term conditions, healthy adults. The most time-limited and intensive needs come first; people with several needs belong to the segment whose board can best lead their care.',
      cypBeforeLearningDisability
        ? `Children and young people are those aged under ${childAgeBelow} (parameter childAgeBelow). The naming ("Healthy Adults") suggests children form one age-defined segment while adults are split by need, so children with a condition stay in this segment unless at end of life or pregnant (parameter cypBeforeLearningDisability: true).`
        : `Children and young people are those aged under ${childAgeBelow} (parameter childAgeBelow) without a learning disability, autism or ADHD; children with one are placed by need, as adults are (parameter cypBeforeLearningDisability: false).`,
      `Maternity: an active pregnancy marker, or one that ended within the last ${postnatalDays} days (parameter postnatalDays; 42 days is the usual postnatal period).`,
      dementiaWithFrailty
        ? 'Frailty: moderate or severe frailty (eFI or clinical assessment), or dementia, as Bridges to Health groups them (parameter dementia: frailty); mild frailty does not count.'
        : 'Frailty: moderate or severe frailty (eFI or clinical assessment); mild frailty does not count.',
      cancerLookBackMonths === undefined
        ? 'Cancer: on the cancer register, which holds every cancer diagnosed since 2003, survivors included (parameter cancerLookBackMonths absent).'
        : `Cancer: a cancer diagnosed or treated in the ${cancerLookBackMonths} months up to the evaluation date (a cancer-diagnosis-or-treatment entry active then; parameter cancerLookBackMonths). Survivors beyond it are placed by their other needs.`,
      'Maternity reads the pregnancy marker alone, whatever the recorded sex or age: the data, not the model, says who was pregnant.',
      'Learning disability and neurodiversity: learning disability, autism or ADHD.',
      dementiaWithFrailty
        ? 'Long-term conditions: at least one ltc-* marker (QOF disease registers); dementia is with frailty.'
        : 'Long-term conditions: at least one ltc-* marker (QOF disease registers) or dementia, which has no segment of its own in the 2024 model (parameter dementia: long-term-conditions).',
      'Healthy adults is the catch-all: everyone aged 18 or over (or childAgeBelow) with none of the above.',
    ],
    segments: [
      { id: 'end-of-life', label: 'End of life', rule: { marker: 'end-of-life' } },
      {
        id: 'maternity',
        label: 'Maternity',
        rule: { marker: 'pregnancy', within: { days: postnatalDays } },
      },
      {
        id: 'children-and-young-people',
        label: 'Children and young people',
        rule: cypBeforeLearningDisability ? { ageBelow: childAgeBelow } : { all: [{ ageBelow: childAgeBelow }, { not: learningDisabilityOrNeurodiversity }] },
      },
      {
        id: 'frailty',
        label: 'Frailty',
        rule: dementiaWithFrailty ? FRAILTY_OR_DEMENTIA : FRAILTY,
        subsegments: [
          { id: 'severe-frailty', label: 'Severe frailty', rule: { marker: 'frailty-severe' } },
          { id: 'dementia', label: 'Dementia', rule: { marker: 'dementia' } },
        ],
      },
      {
        id: 'cancer',
        label: 'Cancer',
        rule: cancerLookBackMonths === undefined ? { marker: 'cancer' } : { marker: 'cancer-diagnosis-or-treatment', within: { months: cancerLookBackMonths } },
      },
      {
        id: 'learning-disability-neurodiversity',
        label: 'People with a learning disability and/or neurodiversity',
        rule: learningDisabilityOrNeurodiversity,
      },
      { id: 'serious-mental-illness', label: 'Serious mental illness', rule: { marker: 'serious-mental-illness' } },
      {
        id: 'long-term-conditions',
        label: 'Long-term conditions',
        rule: { atLeast: 1, of: longTermConditions },
        subsegments: [
          DIABETES_SUBSEGMENT,
          RESPIRATORY_SUBSEGMENT,
          {
            id: 'cardiovascular',
            label: 'Cardiovascular',
            rule: { atLeast: 1, of: ['ltc-hypertension', 'ltc-chd', 'ltc-heart-failure', 'ltc-atrial-fibrillation', 'ltc-stroke-tia', 'ltc-peripheral-arterial-disease'] },
          },
          { id: 'multimorbidity', label: 'Two or more long-term conditions', rule: { atLeast: 2, of: longTermConditions } },
        ],
      },
      { id: 'healthy-adults', label: 'Healthy adults', catchAll: true },
    ],
  });
}

/**
 * The Leeds 2024 nine-segment model with its default choices (see {@link createLeeds2024Model}).
 *
 * @example
 * leeds2024.segments.map((s) => s.id);
 * // ['end-of-life', 'maternity', 'children-and-young-people', 'frailty', 'cancer',
 * //  'learning-disability-neurodiversity', 'serious-mental-illness', 'long-term-conditions', 'healthy-adults']
 */
export const leeds2024: SegmentationModel = /* @__PURE__ */ createLeeds2024Model();
