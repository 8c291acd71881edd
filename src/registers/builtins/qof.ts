import type { CodeSystemId } from '../codelists/code-systems.js';
import { deepFreeze } from '../../core/freeze.js';
import { defineRegister, type Register, type RegisterSpec } from '../rules/register.js';
import type { RegisterRule } from '../rules/rule.js';

/**
 * The QOF business rules these definitions follow. The rules are published by NHS England
 * (formerly NHS Digital) each year as the Quality and Outcomes Framework business rules, one
 * document per indicator group, with the clusters of the NHS primary care domain reference set
 * they read; see docs/sources.md.
 *
 * @example
 * QOF_RULES_VERSION // 'QOF business rules v49 (2024/25)'
 */
export const QOF_RULES_VERSION = 'QOF business rules v49 (2024/25)';

/**
 * A codelist a built-in register reads: its cluster id, code system and what it holds, and
 * where to download it. phm-kit ships no codes: the clusters are public, from the NHS primary
 * care domain reference set (on OpenCodelists as `nhsd-primary-care-domain-refsets/<id>`).
 *
 * @example
 * const dm: BuiltInCodelist = QOF_CODELISTS.find((c) => c.name === 'DM_COD')!;
 * dm.download; // 'https://www.opencodelists.org/codelist/nhsd-primary-care-domain-refsets/dm_cod/'
 */
export interface BuiltInCodelist {
  readonly name: string;
  readonly system: CodeSystemId;
  readonly description: string;
  /** Where the public list can be had. */
  readonly download: string;
}

const cluster = (name: string, description: string, system: 'snomed-ct' | 'dmd' = 'snomed-ct'): BuiltInCodelist => ({
  name,
  system,
  description,
  download: `https://www.opencodelists.org/codelist/nhsd-primary-care-domain-refsets/${name.toLowerCase()}/`,
});

/**
 * The clusters the built-in QOF registers read.
 *
 * @example
 * QOF_CODELISTS.map((c) => c.name).includes('DMRES_COD') // true
 */
export const QOF_CODELISTS: readonly BuiltInCodelist[] = /* @__PURE__ */ deepFreeze([
  cluster('AST_COD', 'Asthma diagnosis codes'),
  cluster('ASTRES_COD', 'Asthma resolved codes'),
  cluster('ASTTRT_COD', 'Asthma-related drug treatment', 'dmd'),
  cluster('COPD_COD', 'COPD diagnosis codes'),
  cluster('COPDRES_COD', 'COPD resolved codes'),
  cluster('DM_COD', 'Diabetes mellitus diagnosis codes'),
  cluster('DMRES_COD', 'Diabetes resolved codes'),
  cluster('HYP_COD', 'Hypertension diagnosis codes'),
  cluster('HYPRES_COD', 'Hypertension resolved codes'),
  cluster('CHD_COD', 'Coronary heart disease codes'),
  cluster('HF_COD', 'Heart failure codes'),
  cluster('HFRES_COD', 'Heart failure resolved codes'),
  cluster('AFIB_COD', 'Atrial fibrillation codes'),
  cluster('AFIBRES_COD', 'Atrial fibrillation resolved codes'),
  cluster('CKD_COD', 'Chronic kidney disease stage 3a to 5 codes'),
  cluster('CKD1AND2_COD', 'Chronic kidney disease stage 1 and 2 codes'),
  cluster('CKDRES_COD', 'Chronic kidney disease resolved codes'),
  cluster('STRK_COD', 'Stroke diagnosis codes'),
  cluster('TIA_COD', 'Transient ischaemic attack codes'),
  cluster('EPIL_COD', 'Epilepsy diagnosis codes'),
  cluster('EPILRES_COD', 'Epilepsy resolved codes'),
  cluster('EPILDRUG_COD', 'Epilepsy drug treatment', 'dmd'),
  cluster('PAD_COD', 'Peripheral arterial disease codes'),
  cluster('FF_COD', 'Fragility fracture codes'),
  cluster('OSTEO_COD', 'Osteoporosis diagnosis codes'),
  cluster('DXA_COD', 'DXA scan result codes confirming osteoporosis'),
  cluster('DXA2_COD', 'DXA T-score codes (with a value)'),
  cluster('RARTH_COD', 'Rheumatoid arthritis codes'),
  cluster('DEPR_COD', 'Depression diagnosis codes'),
  cluster('DEPRES_COD', 'Depression resolved codes'),
  cluster('NDH_COD', 'Non-diabetic hyperglycaemia codes'),
  cluster('IGT_COD', 'Impaired glucose tolerance codes'),
  cluster('PRD_COD', 'Pre-diabetes codes'),
  cluster('DEM_COD', 'Dementia codes'),
  cluster('MH_COD', 'Psychosis, schizophrenia and bipolar affective disease codes'),
  cluster('MHREM_COD', 'Mental health remission codes'),
  cluster('LIT_COD', 'Lithium prescriptions', 'dmd'),
  cluster('LITSTP_COD', 'Lithium stopped codes'),
  cluster('LD_COD', 'Learning disability codes'),
  cluster('LDREM_COD', 'Learning disability removed codes'),
  cluster('CAN_COD', 'Cancer diagnosis codes (excluding non-melanoma skin cancers)'),
  cluster('PALCARE_COD', 'Palliative care codes'),
  cluster('PALCARENI_COD', 'Palliative care no longer indicated codes'),
  cluster('AUTISM_COD', 'Autism diagnosis codes'),
  cluster('ADHD_COD', 'Attention deficit hyperactivity disorder codes'),
  cluster('ADHDREM_COD', 'ADHD remission codes'),
]);

const diagnosed = (code: string, resolved?: string): RegisterRule => (resolved === undefined ? { code } : { latest: code, laterThan: resolved });
const episode = (codelist: string, endedBy?: string | readonly string[]) => (endedBy === undefined ? { from: 'first' as const, codelist } : { from: 'first' as const, codelist, endedBy });
const qof = (marker: string, indicator: string, label: string, rule: RegisterRule, ep: RegisterSpec['episode'], note = ''): RegisterSpec => ({
  marker,
  label: `${label} (QOF ${indicator})`,
  source: `${QOF_RULES_VERSION}, register ${indicator}${note === '' ? '' : `: ${note}`}`,
  rule,
  episode: ep,
});

const notDiabetic: RegisterRule = { not: diagnosed('DM_COD', 'DMRES_COD') };

/**
 * The QOF disease registers as register definitions, one per catalogue marker that QOF covers:
 * the age floors, drug recency, resolved codes and dates the business rules use, each citing
 * the rules' version and register and reading the clusters it names. Each episode is dated
 * from the first diagnosis code after the latest resolution.
 *
 * A diagnosis and its resolution on one day: the business rules, read literally, count a
 * resolution only when it is later than the diagnosis (the person stays on); published QOF
 * achievement treats it as resolving for some registers (atrial fibrillation, asthma,
 * depression, epilepsy, as found by the North Central London ICB's analysts). phm-kit reads a
 * same-day resolution as resolving for every register but palliative care, whose rules keep
 * the person on; change `sameDay` in a definition to read it the other way.
 *
 * @example
 * const derived = deriveMarkers(events, QOF_REGISTERS, { asOf: '2025-03-31', people, codelists });
 */
export const QOF_REGISTERS: readonly Register[] = /* @__PURE__ */ deepFreeze(
  [
    qof('ltc-asthma', 'AST005', 'Asthma', { all: [{ ageAtLeast: 6 }, diagnosed('AST_COD', 'ASTRES_COD'), { code: 'ASTTRT_COD', within: { months: 12 } }] }, episode('AST_COD', 'ASTRES_COD'), 'aged 6 or over, unresolved asthma, an asthma-related drug in the preceding 12 months'),
    qof('ltc-copd', 'COPD015', 'COPD', diagnosed('COPD_COD', 'COPDRES_COD'), episode('COPD_COD', 'COPDRES_COD')),
    qof('ltc-diabetes', 'DM017', 'Diabetes mellitus', { all: [{ ageAtLeast: 17 }, diagnosed('DM_COD', 'DMRES_COD')] }, episode('DM_COD', 'DMRES_COD'), 'aged 17 or over, latest DM_COD later than latest DMRES_COD'),
    qof('ltc-hypertension', 'HYP001', 'Hypertension', diagnosed('HYP_COD', 'HYPRES_COD'), episode('HYP_COD', 'HYPRES_COD')),
    qof('ltc-chd', 'CHD001', 'Coronary heart disease', diagnosed('CHD_COD'), episode('CHD_COD')),
    qof('ltc-heart-failure', 'HF001', 'Heart failure', diagnosed('HF_COD', 'HFRES_COD'), episode('HF_COD', 'HFRES_COD')),
    qof('ltc-atrial-fibrillation', 'AF001', 'Atrial fibrillation', diagnosed('AFIB_COD', 'AFIBRES_COD'), episode('AFIB_COD', 'AFIBRES_COD')),
    qof('ltc-ckd', 'CKD005', 'Chronic kidney disease stages 3a to 5', { all: [{ ageAtLeast: 18 }, { latest: 'CKD_COD', laterThan: ['CKD1AND2_COD', 'CKDRES_COD'] }] }, episode('CKD_COD', ['CKD1AND2_COD', 'CKDRES_COD']), 'aged 18 or over, latest stage 3a-5 code later than the latest stage 1-2 or resolved code'),
    qof('ltc-stroke-tia', 'STIA001', 'Stroke or TIA', { any: [{ code: 'STRK_COD' }, { code: 'TIA_COD' }] }, episode('STRK_COD')),
    qof('ltc-epilepsy', 'EP001', 'Epilepsy', { all: [{ ageAtLeast: 18 }, diagnosed('EPIL_COD', 'EPILRES_COD'), { code: 'EPILDRUG_COD', within: { months: 6 } }] }, episode('EPIL_COD', 'EPILRES_COD'), 'aged 18 or over, unresolved epilepsy, an epilepsy drug in the preceding 6 months'),
    qof('ltc-peripheral-arterial-disease', 'PAD001', 'Peripheral arterial disease', diagnosed('PAD_COD'), episode('PAD_COD')),
    qof(
      'ltc-osteoporosis',
      'OST004',
      'Osteoporosis: fragility fracture',
      {
        all: [
          { ageAtLeast: 50 },
          { code: 'OSTEO_COD' },
          {
            any: [
              { all: [{ ageAtLeast: 75 }, { code: 'FF_COD', within: { since: '2014-04-01' } }] },
              { all: [{ ageBelow: 75 }, { code: 'FF_COD', within: { since: '2012-04-01' } }, { any: [{ code: 'DXA_COD' }, { value: 'DXA2_COD', atMost: -2.5 }] }] },
            ],
          },
        ],
      },
      episode('FF_COD'),
      'an osteoporosis diagnosis and a fragility fracture: aged 75 or over, the fracture on or after 1 April 2014; aged 50 to 74, on or after 1 April 2012 and osteoporosis confirmed by a DXA scan or a T-score of -2.5 or lower',
    ),
    qof('ltc-rheumatoid-arthritis', 'RA001', 'Rheumatoid arthritis', { all: [{ ageAtLeast: 16 }, diagnosed('RARTH_COD')] }, episode('RARTH_COD'), 'aged 16 or over'),
    qof('ltc-depression', 'DEP004', 'Depression', { all: [{ ageAtLeast: 18 }, { code: 'DEPR_COD', within: { since: '2006-04-01' } }, diagnosed('DEPR_COD', 'DEPRES_COD')] }, episode('DEPR_COD', 'DEPRES_COD'), 'aged 18 or over, unresolved depression first diagnosed on or after 1 April 2006'),
    qof('ltc-non-diabetic-hyperglycaemia', 'NDH002', 'Non-diabetic hyperglycaemia', { all: [{ ageAtLeast: 18 }, { any: [{ code: 'NDH_COD' }, { code: 'IGT_COD' }, { code: 'PRD_COD' }] }, notDiabetic] }, episode('NDH_COD'), 'aged 18 or over, with a non-diabetic hyperglycaemia, impaired glucose tolerance or pre-diabetes code, not on the diabetes register'),
    qof('dementia', 'DEM001', 'Dementia', diagnosed('DEM_COD'), episode('DEM_COD')),
    qof(
      'serious-mental-illness',
      'MH001',
      'Schizophrenia, bipolar affective disorder and other psychoses',
      { any: [diagnosed('MH_COD'), { all: [{ code: 'LIT_COD', within: { months: 6 } }, { latest: 'LIT_COD', laterThan: 'LITSTP_COD' }] }] },
      episode('MH_COD'),
      'a psychosis code (a remission code does not take a person off the register), or lithium in the preceding 6 months not since stopped',
    ),
    qof('learning-disability', 'LD004', 'Learning disability', diagnosed('LD_COD', 'LDREM_COD'), episode('LD_COD', 'LDREM_COD'), 'the latest learning disability code not followed by a removal code'),
    qof('cancer', 'CAN001', 'Cancer', { code: 'CAN_COD', within: { since: '2003-04-01' } }, episode('CAN_COD'), 'a cancer diagnosis on or after 1 April 2003, non-melanoma skin cancers excluded by the cluster'),
    qof(
      'end-of-life',
      'PC001',
      'Palliative care',
      { all: [{ code: 'PALCARE_COD', within: { since: '2008-04-01' } }, { latest: 'PALCARE_COD', laterThan: 'PALCARENI_COD', sameDay: 'holds' }] },
      { from: 'latest', codelist: 'PALCARE_COD', endedBy: 'PALCARENI_COD' },
      'a palliative care code on or after 1 April 2008, not followed by a "no longer indicated" code (a code on the same day keeps the person on the register)',
    ),
  ].map((spec) => defineRegister(spec)),
);

/**
 * Registers for the catalogue markers QOF does not cover: autism and ADHD, each a recorded
 * diagnosis at any time, from the primary care domain reference set's clusters. QOF has no
 * register for either; these follow the NHS England learning disability and autism registers'
 * practice of counting a coded diagnosis ever recorded.
 *
 * @example
 * NON_QOF_REGISTERS.map((r) => r.marker) // ['autism', 'adhd']
 */
export const NON_QOF_REGISTERS: readonly Register[] = /* @__PURE__ */ deepFreeze(
  [
    { marker: 'autism', label: 'Autism (coded diagnosis)', source: 'No QOF register: a coded autism diagnosis ever recorded (primary care domain reference set cluster AUTISM_COD)', rule: diagnosed('AUTISM_COD'), episode: episode('AUTISM_COD') },
    { marker: 'adhd', label: 'ADHD (coded diagnosis)', source: 'No QOF register: a coded ADHD diagnosis not followed by a remission code (primary care domain reference set clusters ADHD_COD, ADHDREM_COD)', rule: diagnosed('ADHD_COD', 'ADHDREM_COD'), episode: episode('ADHD_COD', 'ADHDREM_COD') },
  ].map((spec) => defineRegister(spec)),
);
