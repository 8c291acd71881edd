/**
 * The recipe from the national segmentation dataset to phm-kit: a synthetic extract in the
 * national data model's shape (a row per person per month, the 41 condition flags as 1 or
 * NULL, DIM_PERSON's columns) read with nationalExtractMapping gives back, through
 * bridgesToHealth, the segment flags and sub-segments the extract holds.
 */
import { describe, expect, it } from 'vitest';
import { bridgesToHealth, nationalExtractMapping, NationalExtractOptionsSchema, peopleFromRows, PhmValidationError, segmentPopulation, syntheticPopulation, type Person } from 'phm-kit/segmentation';
import { refusalOf } from '../../support/issues.js';

const asOf = '2024-03-31';

/** The national columns by segment block (DIM_SUBSEGMENT_COMBINATIONS), each with the marker a pipeline would have set. */
const BLOCKS: Record<string, Record<string, string>> = {
  'long-term-conditions': {
    Alcohol_Dependence: 'ltc-alcohol-dependence', Asthma: 'ltc-asthma', Atrial_Fibrillation: 'ltc-atrial-fibrillation', Bronchiectasis: 'ltc-bronchiectasis',
    Cancer: 'cancer', Cerebrovascular_Disease: 'ltc-stroke-tia', Chronic_Kidney_Disease: 'ltc-ckd', Chronic_Liver_Disease: 'ltc-chronic-liver-disease',
    Chronic_Pain: 'ltc-chronic-pain', COPD: 'ltc-copd', Coronary_Heart_Disease: 'ltc-chd', Cystic_Fibrosis: 'ltc-cystic-fibrosis', Depression: 'ltc-depression',
    Diabetes: 'ltc-diabetes', Epilepsy: 'ltc-epilepsy', Heart_Failure: 'ltc-heart-failure', Hypertension: 'ltc-hypertension',
    Inflammatory_Bowel_Disease: 'ltc-inflammatory-bowel-disease', Multiple_Sclerosis: 'ltc-multiple-sclerosis', Osteoarthritis: 'ltc-osteoarthritis',
    Osteoporosis: 'ltc-osteoporosis', Parkinsons_Disease: 'ltc-parkinsons-disease', Peripheral_Vascular_Disease: 'ltc-peripheral-arterial-disease',
    Pulmonary_Heart_Disease: 'ltc-pulmonary-heart-disease', Rheumatoid_Arthritis: 'ltc-rheumatoid-arthritis', Sarcoidosis: 'ltc-sarcoidosis',
    Serious_Mental_Illness: 'serious-mental-illness', Sickle_Cell_Disease: 'ltc-sickle-cell-disease',
  },
  disability: { Autism: 'autism', Learning_Disability: 'learning-disability', Physical_Disability: 'physical-disability' },
  'frailty-and-dementia': { Dementia: 'dementia', Intermediate_Frailty_Risk_HFRS: 'hfrs-intermediate-risk', High_Frailty_Risk_HFRS: 'hfrs-high-risk' },
  'organ-failure': {
    End_Stage_Renal_Failure: 'organ-failure-renal', Severe_Interstitial_Lung_Disease: 'organ-failure-interstitial-lung-disease', Liver_Failure: 'organ-failure-liver',
    Neurological_Organ_Failure: 'organ-failure-neurological', Severe_COPD: 'organ-failure-respiratory', Severe_Heart_Failure: 'organ-failure-heart',
  },
  'incurable-cancer': { Incurable_Cancer: 'incurable-cancer' },
};
/** The dataset's nesting: a severe form's column is set together with its condition's. */
const NESTS: Record<string, string> = { Severe_COPD: 'COPD', Severe_Heart_Failure: 'Heart_Failure', End_Stage_Renal_Failure: 'Chronic_Kidney_Disease', Liver_Failure: 'Chronic_Liver_Disease', Incurable_Cancer: 'Cancer' };

const ageOn = (birth: string) => Number(asOf.slice(0, 4)) - Number(birth.slice(0, 4)) - (asOf.slice(5) < birth.slice(5) ? 1 : 0);

/** One month's rows of a synthetic national extract, built from people's markers as the dataset would flag them. */
function extractRows(people: readonly Person[], dateId: string) {
  return people.map((p) => {
    const ids = new Set(p.markers.map((m) => (typeof m === 'string' ? m : m.id)));
    const row: Record<string, unknown> = {
      Person_Id: p.id, Date_Id: dateId, DATE_OF_BIRTH: p.birthDate, DATE_OF_DEATH: p.deathDate ?? null,
      GENDER_DESCRIPTION: p.sex === 'female' ? 'Female' : p.sex === 'male' ? 'Male' : 'Not known', IMD_DECILE: p.imdDecile ?? null, GP_ORG_CODE: p.locality ?? null,
      // In the maternal window on the month end: a pregnancy active then.
      Maternal_Health_Flag: p.markers.some((m) => typeof m !== 'string' && m.id === 'pregnancy' && (m.from ?? '') <= asOf && (m.to ?? '9999') >= asOf) ? 1 : null,
    };
    for (const columns of Object.values(BLOCKS)) {
      for (const [column, marker] of Object.entries(columns)) {
        // The dataset's frailty flags are for people aged 65 and over only.
        const set = ids.has(marker) && (!column.includes('Frailty') || ageOn(p.birthDate) >= 65);
        row[column] = set ? 1 : (row[column] ?? null);
        if (set && NESTS[column] !== undefined) row[NESTS[column] as string] = 1;
      }
    }
    return row;
  });
}

describe('nationalExtractMapping', () => {
  const people = syntheticPopulation({ size: 3_000, seed: 41, asOf }).filter((p) => p.deathDate === undefined || p.deathDate > asOf);
  // Two months of rows, as FACT_MODEL holds them; one month is read.
  const rows = [...extractRows(people, '20240229'), ...extractRows(people, '20240331')];
  const month = rows.filter((r) => r['Date_Id'] === '20240331');

  it('reads every row of one month into a person, with the markers its flags set', () => {
    const read = peopleFromRows(month, nationalExtractMapping());
    expect(read.rejected).toEqual([]);
    expect(read.people).toHaveLength(people.length);
    const first = read.people.find((p) => p.markers.length > 2);
    const row = month.find((r) => r['Person_Id'] === first?.id) ?? {};
    const set = [...Object.entries(BLOCKS).flatMap(([, columns]) => Object.entries(columns).filter(([column]) => row[column] === 1).map(([, marker]) => marker)), ...(row['Maternal_Health_Flag'] === 1 ? ['pregnancy'] : [])];
    expect([...(first?.markers ?? [])].sort()).toEqual([...new Set(set)].sort());
  });

  it('gives back each person\'s segment flags, highest acuity segment and sub-segments', () => {
    const { people: read } = peopleFromRows(month, nationalExtractMapping());
    const result = segmentPopulation(read, bridgesToHealth, { asOf });
    expect(result.assignments).toHaveLength(people.length);
    const byId = new Map(month.map((r) => [r['Person_Id'], r]));
    const seen = new Set<string>();
    for (const a of result.assignments) {
      const row = byId.get(a.personId) ?? {};
      const flagged = bridgesToHealth.segments.map((s) => s.id).filter((id) => Object.keys(BLOCKS[id] ?? {}).some((column) => row[column] === 1));
      expect(a.matched).toEqual(flagged.length === 0 ? ['healthy-well'] : flagged);
      const columns = Object.keys(BLOCKS[a.segment] ?? {}).filter((column) => row[column] === 1);
      expect(a.subsegments).toHaveLength(columns.length);
      expect(a.overlays).toEqual(row['Maternal_Health_Flag'] === 1 ? ['maternal-health'] : []);
      seen.add(a.segment);
    }
    expect(result.counts.byOverlay[0]?.total).toBe(month.filter((r) => r['Maternal_Health_Flag'] === 1).length);
    expect(result.counts.byOverlay[0]?.total).toBeGreaterThan(0);
    expect([...seen].sort()).toEqual(bridgesToHealth.segments.map((s) => s.id).sort());
  });

  it('takes the extract\'s own column names, and refuses a flag the national data model does not have', () => {
    const renamed = month.slice(0, 50).map(({ COPD, Person_Id, ...rest }) => ({ ...rest, pid: Person_Id, copd_flag: COPD }));
    const read = peopleFromRows(renamed, nationalExtractMapping({ id: 'pid', flags: { COPD: 'copd_flag' } }));
    expect(read.rejected).toEqual([]);
    const copd = read.people.filter((p) => p.markers.includes('ltc-copd')).length;
    expect(copd).toBe(month.slice(0, 50).filter((r) => r['COPD'] === 1).length);
    expect(refusalOf(() => nationalExtractMapping({ flags: { Copd: 'x' } as never }), PhmValidationError).issues[0]).toEqual({ path: ['flags'], message: 'Unrecognized key: "Copd"' });
    expect(NationalExtractOptionsSchema.parse({}).locality).toBe('GP_ORG_CODE');
  });
});
