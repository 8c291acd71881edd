import * as z from 'zod';
import { parseInput } from '../../core/validation.js';
import { defineModel, type SegmentationModel } from '../model/model.js';
import { DIABETES_SUBSEGMENT, FRAILTY, LONG_TERM_CONDITIONS_WITH_DEMENTIA, RESPIRATORY_SUBSEGMENT } from './building-blocks.js';

/**
 * Zod schema of the choices the Leeds 2024 documents leave open, as parameters, with their
 * defaults.
 *
 * @example
 * Leeds2024OptionsSchema.parse({}) // { childAgeBelow: 18, postnatalDays: 42 }
 */
export const Leeds2024OptionsSchema = z.strictObject({
  /** Children and young people are those aged under this many years. Default 18. */
  childAgeBelow: z.number().int().min(1).max(150).default(18),
  /** Days after a pregnancy ends during which a person stays in maternity. Default 42. */
  postnatalDays: z.number().int().min(1).max(3650).default(42),
});

/**
 * The open choices of {@link createLeeds2024Model}: the age below which people are children and
 * young people (`childAgeBelow`, default 18), and how many days after a pregnancy ends a person
 * stays in maternity (`postnatalDays`, default 42).
 *
 * @example
 * const options: Leeds2024Options = { childAgeBelow: 25, postnatalDays: 56 };
 * createLeeds2024Model(options).id; // 'leeds-2024-cyp-under-25-postnatal-56-days'
 */
export type Leeds2024Options = z.input<typeof Leeds2024OptionsSchema>;

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
  const { childAgeBelow, postnatalDays } = parseInput(Leeds2024OptionsSchema, options, 'Leeds 2024 model options');
  const isDefault = childAgeBelow === 18 && postnatalDays === 42;
  return defineModel({
    // Results from other choices must not pass for the standard model's.
    id: isDefault ? 'leeds-2024' : `leeds-2024-cyp-under-${childAgeBelow}-postnatal-${postnatalDays}-days`,
    label: 'Leeds 2024: nine mutually exclusive population segments',
    description:
      'The Leeds Health and Care Partnership segmentation: everyone in Leeds in exactly one of nine segments at one time, each with its own population board.',
    source: 'Healthy Leeds Plan (Leeds Health and Care Partnership, 2024), section 4 "Population health infrastructure", "The Leeds Segmentation Model".',
    assumptions: [
      'Precedence (first match wins) is a phm-kit decision: the plan names the nine segments but not how overlaps are resolved. Order: end of life, maternity, children and young people, frailty, cancer, learning disability and neurodiversity, serious mental illness, long-term conditions, healthy adults. The most time-limited and intensive needs come first; people with several needs belong to the segment whose board can best lead their care.',
      `Children and young people are those aged under ${childAgeBelow} (parameter childAgeBelow). The naming ("Healthy Adults") suggests children form one age-defined segment while adults are split by need, so children with a condition stay in this segment unless at end of life or pregnant.`,
      `Maternity: an active pregnancy marker, or one that ended within the last ${postnatalDays} days (parameter postnatalDays; 42 days is the usual postnatal period).`,
      'Frailty: moderate or severe frailty (eFI or clinical assessment); mild frailty does not count.',
      'Maternity reads the pregnancy marker alone, whatever the recorded sex or age: the data, not the model, says who was pregnant.',
      'Learning disability and neurodiversity: learning disability, autism or ADHD.',
      'Long-term conditions: at least one ltc-* marker (QOF disease registers) or dementia, which has no segment of its own in the 2024 model.',
      'Healthy adults is the catch-all: everyone aged 18 or over (or childAgeBelow) with none of the above.',
    ],
    segments: [
      { id: 'end-of-life', label: 'End of life', rule: { marker: 'end-of-life' } },
      {
        id: 'maternity',
        label: 'Maternity',
        rule: { marker: 'pregnancy', within: { days: postnatalDays } },
      },
      { id: 'children-and-young-people', label: 'Children and young people', rule: { ageBelow: childAgeBelow } },
      {
        id: 'frailty',
        label: 'Frailty',
        rule: FRAILTY,
        subsegments: [
          { id: 'severe-frailty', label: 'Severe frailty', rule: { marker: 'frailty-severe' } },
          { id: 'dementia', label: 'Dementia', rule: { marker: 'dementia' } },
        ],
      },
      { id: 'cancer', label: 'Cancer', rule: { marker: 'cancer' } },
      {
        id: 'learning-disability-neurodiversity',
        label: 'People with a learning disability and/or neurodiversity',
        rule: { any: [{ marker: 'learning-disability' }, { marker: 'autism' }, { marker: 'adhd' }] },
      },
      { id: 'serious-mental-illness', label: 'Serious mental illness', rule: { marker: 'serious-mental-illness' } },
      {
        id: 'long-term-conditions',
        label: 'Long-term conditions',
        rule: { atLeast: 1, of: LONG_TERM_CONDITIONS_WITH_DEMENTIA },
        subsegments: [
          DIABETES_SUBSEGMENT,
          RESPIRATORY_SUBSEGMENT,
          {
            id: 'cardiovascular',
            label: 'Cardiovascular',
            rule: { atLeast: 1, of: ['ltc-hypertension', 'ltc-chd', 'ltc-heart-failure', 'ltc-atrial-fibrillation', 'ltc-stroke-tia', 'ltc-peripheral-arterial-disease'] },
          },
          { id: 'multimorbidity', label: 'Two or more long-term conditions', rule: { atLeast: 2, of: LONG_TERM_CONDITIONS_WITH_DEMENTIA } },
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
