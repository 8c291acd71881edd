/**
 * Every public function of phm-kit, each with a valid call to spoil: `args` makes fresh, plain
 * arguments (a new copy per case, so that no case sees another's spoiling), and `call` makes the
 * call and, for a stream, reads it to the end. The hostile suite spoils one site of the
 * arguments per case; these bases decide which sites exist, so each is small but reaches every
 * field its function reads.
 */
import * as phm from '../../../src/index.js';

/** One public function and a valid call of it. */
export interface Target {
  readonly name: string;
  readonly module: 'core' | 'segmentation' | 'prioritisation' | 'finance' | 'bcf' | 'registers';
  readonly args: () => unknown[];
  readonly call: (args: unknown[]) => unknown;
  /** Cases to run: fewer for functions whose normal call is slow. */
  readonly runs?: number;
}

const AS_OF = '2024-04-01';
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A small population that reaches every Leeds 2024 segment, with dated markers and localities. */
const people = () => [
  { id: 'p01', birthDate: '2015-06-01', sex: 'female', imdDecile: 1, locality: 'LCP 01', markers: [] },
  { id: 'p02', birthDate: '1990-02-28', sex: 'female', markers: [{ id: 'pregnancy', from: '2023-09-01', to: '2024-05-01' }] },
  { id: 'p03', birthDate: '1985-01-01', sex: 'male', imdDecile: 10, locality: 'LCP 02', markers: [] },
  { id: 'p04', birthDate: '1970-12-31', markers: ['learning-disability'] },
  { id: 'p05', birthDate: '1960-03-15', sex: 'indeterminate', markers: ['serious-mental-illness', 'ltc-copd'] },
  { id: 'p06', birthDate: '1955-07-07', markers: [{ id: 'cancer', from: '2023-01-01' }] },
  { id: 'p07', birthDate: '1950-05-05', sex: 'unknown', imdDecile: 3, markers: ['ltc-asthma', { id: 'ltc-diabetes', to: '2025-01-01' }] },
  { id: 'p08', birthDate: '1938-05-04', locality: 'LCP 01', markers: ['frailty-severe', 'ltc-copd'] },
  { id: 'p09', birthDate: '1930-01-01', markers: ['end-of-life'] },
  { id: 'p10', birthDate: '1930-01-01', deathDate: '2024-01-10', markers: [] },
  { id: 'p11', birthDate: '2025-01-01', markers: [] },
  { id: 'p11', birthDate: '1999-09-09', markers: [] },
];

/** Rows as an extract gives them: text, nulls, codes, flags, a list column, and an episode table. */
const extractRows = () => [
  { person_id: 'p1', birth_date: '1941-06-02', sex: '2', imd_decile: '1', locality: 'LCP 04', asthma: 'Y', efi: 'Severe', ltc: '3', list: 'COPD;cancer' },
  { person_id: 2, birth_date: '1990-01-15 00:00:00', sex: 'M', imd_decile: 'NA', locality: null, asthma: '0', efi: null, ltc: '0', list: '' },
  { person_id: 'p3', birth_date: '2023-02-29', sex: 'Q', asthma: 'maybe' },
];
const extractMapping = () => ({
  markers: { 'ltc-asthma': 'asthma', 'frailty-severe': { column: 'efi', equals: 'Severe' }, 'ltc-diabetes': { column: 'ltc', atLeast: 2 }, pregnancy: { column: 'ltc', above: 5, from: 'birth_date' } },
  markerList: { column: 'list', separator: ';' },
  markerCodes: { 'ltc-copd': ['COPD'] },
  sexCodes: { male: ['1', 'M'], female: '2' },
  missingValues: ['NA'],
  personMarkers: [{ person_id: 'p1', marker: 'dementia', from_date: '2020-01-01', to_date: null }],
});

/** A register reading every kind of rule, with codelists for it and events that reach it. */
const registerSpec = () => ({
  marker: 'ltc-diabetes',
  rule: { all: [{ ageAtLeast: 17 }, { latest: 'DM_COD', laterThan: ['DMRES_COD'] }, { any: [{ code: 'DM_COD', within: { months: 12 } }, { count: 'DM_COD', atLeast: 2, distinct: 'days' }, { value: 'HB_COD', above: 47.5, within: { days: 400 } }, { score: [{ rule: { code: 'HOSP' }, weight: '7.1' }], atLeast: '5' }] }] },
  episode: { from: 'first', codelist: 'DM_COD', endedBy: 'DMRES_COD' },
});
const registerCodelists = () => copy([
  phm.defineCodelist({ name: 'DM_COD', system: 'snomed-ct', codes: ['44054006', '73211009'] }),
  phm.defineCodelist({ name: 'DMRES_COD', system: 'snomed-ct', codes: ['315051004'] }),
  phm.defineCodelist({ name: 'HB_COD', system: 'snomed-ct', codes: ['195967001'] }),
  phm.defineCodelist({ name: 'HOSP', system: 'icd10', match: 'prefix', codes: ['F00', 'E11'] }),
]);
const registerEvents = () => [
  { personId: 'p07', code: '44054006', date: '2023-06-01' },
  { personId: 'p07', code: '195967001', date: '2024-01-01', value: 50 },
  { personId: 'p08', code: 'F00.1', date: '2023-06-01' },
  { personId: 'p08', code: '73211009', date: '2020-06-01' },
  { personId: 'p08', code: '315051004', date: '2021-06-01' },
  { personId: 'nobody', code: '44054006', date: '2023-06-01' },
];

const modelSpec = () => copy(phm.leeds2024) as unknown as phm.ModelSpec;

const customModel = (): phm.ModelSpec => ({
  id: 'older-people',
  label: 'Older people and the rest',
  markers: [{ id: 'housebound', label: 'Housebound', description: 'Cannot leave home unaided', category: 'status' }],
  segments: [
    { id: 'frail-older', label: 'Frail, 75+', rule: { all: [{ ageAtLeast: 75 }, { any: [{ marker: 'frailty-severe' }, { marker: 'housebound', within: { months: 6 } }] }] }, subsegments: [{ id: 'copd', label: 'COPD', rule: { marker: 'ltc-copd' } }] },
    { id: 'multimorbid', label: 'Two or more conditions', rule: { atLeast: 2, of: ['ltc-asthma', 'ltc-copd', 'ltc-diabetes'], within: { days: 365 } } },
    { id: 'women', label: 'Women under 50', rule: { all: [{ sex: ['female', 'indeterminate'] }, { ageBelow: 50 }, { not: { marker: 'pregnancy' } }] } },
    { id: 'everyone-else', label: 'Everyone else', catchAll: true },
  ],
});

/** Evidence on every criterion but cost to system, which the base measures by an indicator. */
const evidence = (score: number) => ({ healthOutcomes: score, qualityGap: score, strategicAlignment: score, scaleOfAmbition: score, longTermImpact: score });

const acceleratorInput = () => ({
  candidates: [
    { id: 'frailty', label: 'People with frailty', population: 25_000, scope: 4, evidence: { ...evidence(4), qualityGap: null } },
    { id: 'long-term-conditions', label: 'Long-term conditions', population: 250_000, scope: 9, evidence: evidence(5) },
    { id: 'healthy-adults', population: 450_000, scope: 10, evidence: { healthOutcomes: 3, strategicAlignment: 2 } },
    { id: 'end-of-life', population: 5_000, scope: 2, evidence: evidence(3) },
  ],
  scale: { min: 1, max: 5 },
  indicators: [{ id: 'spend', criterion: 'costToSystem', prioritise: 'higher', method: 'min-max', weight: 2, values: { frailty: 240_000_000, 'healthy-adults': 610_000_000, 'end-of-life': null } }],
  weights: { healthOutcomes: 2, costToSystem: 1, qualityGap: 1, strategicAlignment: 1 },
  shortlist: { size: 3 },
  missing: { qualityGap: 'midpoint' },
  blendStep1: 0.25,
  votes: { method: 'per-criterion', weight: 0.5, ballots: [{ stakeholder: 'a', criterion: 'healthOutcomes', candidate: 'frailty' }, { stakeholder: 'b', criterion: 'healthOutcomes', candidate: 'long-term-conditions' }] },
  feasibility: { maxPopulationShare: 0.2, maxScope: 7, mode: 'penalty', penalty: 25 },
  allowGrouping: [{ lead: 'frailty', with: ['end-of-life'] }],
});

const envelopeInput = () => ({
  total: '1200000000.00',
  unit: '0.01',
  method: { kind: 'paceOfChange', target: { kind: 'blend', historicShare: 0.7 }, pace: 0.2, maxChange: '0.05' },
  segments: [
    { id: 'frailty', label: 'Frailty', population: 30_000, currentSpend: '240000000.00', needWeight: 3, floor: { percentOfCurrentSpend: 95 } },
    { id: 'long-term-conditions', population: 250_000, currentSpend: '300000000.00', needWeight: '1.5', cap: '400000000.00' },
    { id: 'healthy-adults', population: 540_000, currentSpend: '610000000.00', needWeight: 1 },
  ],
  topSlices: [
    { id: 'contingency', percent: 0.5 },
    { id: 'planned-care', label: 'Planned care', amount: '30000000.00' },
  ],
});

const pooledInput = () => ({
  contributions: [
    { id: 'leeds-south-and-east-ccg', amount: '17351000' },
    { id: 'leeds-north-ccg', amount: '12665000' },
    { id: 'leeds-west-ccg', amount: '20105000' },
    { id: 'leeds-city-council', amount: '4802000' },
  ],
  envelopes: [
    { id: 'recurrent-schemes', amount: '39721000' },
    { id: 'new-schemes', amount: '13358000' },
    { id: 'capital', amount: '1844000' },
  ],
  unit: '1000',
});

const hierarchyInput = () => ({
  total: '1000.00',
  unit: '0.01',
  node: { id: 'leeds', weight: 1, children: [{ id: 'frailty', weight: 1, children: [{ id: 'lcp-01', weight: 2 }, { id: 'lcp-02', weight: '1.5' }] }, { id: 'maternity', weight: 3 }] },
});

/**
 * Reads a stream as a consumer would, up to 1,000 batches, then stops it (which closes the
 * source). A stream's time grows with its rows by design: a source of four billion rows (a
 * sparse array, say) is no blow-up, but every batch must arrive, and stopping must work.
 */
const streamOf = async (stream: AsyncIterable<unknown>): Promise<unknown> => {
  let last: unknown;
  let batches = 0;
  for await (const batch of stream) {
    last = batch;
    if (++batches === 1_000) break;
  }
  return last;
};

const result = () => phm.segmentPopulation(people(), phm.leeds2024, { asOf: AS_OF });

export const TARGETS: readonly Target[] = [
  // core
  { name: 'ageOn', module: 'core', args: () => ['1938-05-04', AS_OF], call: ([b, a]) => phm.ageOn(b as string, a as string) },
  { name: 'lookBackStart', module: 'core', args: () => [AS_OF, { months: 6 }], call: ([a, w]) => phm.lookBackStart(a as string, w as phm.LookBack) },
  { name: 'dateProblem', module: 'core', args: () => ['2023-02-29'], call: ([d]) => phm.dateProblem(d) },
  { name: 'addDays', module: 'core', args: () => [AS_OF, 42], call: ([a, d]) => phm.addDays(a as string, d as number) },
  { name: 'isIsoDate', module: 'core', args: () => [AS_OF], call: ([a]) => phm.isIsoDate(a) },
  { name: 'formatPath', module: 'core', args: () => [['markers', 2, 'from']], call: ([p]) => phm.formatPath(p as string[]) },
  { name: 'formatMoney', module: 'core', args: () => ['59686956.52', { symbol: '£', places: 2 }], call: ([a, o]) => phm.formatMoney(a as string, o as phm.MoneyFormatOptions) },
  { name: 'checkInput', module: 'core', args: () => [{ asOf: AS_OF }], call: ([v]) => phm.checkInput(phm.PopulationOptionsSchema, v, 'options') },
  // segmentation
  { name: 'isPerson', module: 'segmentation', args: () => [people()[6]], call: ([p]) => phm.isPerson(p) },
  { name: 'describeRule', module: 'segmentation', args: () => [(customModel().segments[0] as { rule: phm.Rule }).rule], call: ([r]) => phm.describeRule(r as phm.Rule) },
  { name: 'defineModel', module: 'segmentation', args: () => [customModel()], call: ([m]) => phm.defineModel(m as phm.ModelSpec) },
  { name: 'isDefinedModel', module: 'segmentation', args: () => [customModel()], call: ([m]) => phm.isDefinedModel(m) },
  {
    name: 'insertSegment',
    module: 'segmentation',
    args: () => [customModel(), { id: 'children', label: 'Children', rule: { ageBelow: 18 } }, { before: 'women', id: 'with-children' }],
    call: ([m, s, w]) => phm.insertSegment(m as phm.ModelSpec, s as phm.SegmentSpec, w as { before: string }),
  },
  { name: 'createLeeds2024Model', module: 'segmentation', args: () => [{ childAgeBelow: 16, postnatalDays: 56 }], call: ([o]) => phm.createLeeds2024Model(o as phm.Leeds2024Options) },
  {
    name: 'compileClassifier',
    module: 'segmentation',
    args: () => [modelSpec(), { asOf: AS_OF }],
    call: ([m, o]) => phm.compileClassifier(m as phm.ModelSpec, o as phm.EvaluationOptions).segmentIndex(people()[7] as phm.Person),
  },
  { name: 'classify', module: 'segmentation', args: () => [people()[7], customModel(), { asOf: AS_OF }], call: ([p, m, o]) => phm.classify(p, m as phm.ModelSpec, o as phm.EvaluationOptions) },
  { name: 'peopleFromRows', module: 'segmentation', args: () => [extractRows(), extractMapping()], call: ([r, o]) => phm.peopleFromRows(r as unknown[], o as phm.PeopleFromRowsOptions) },
  {
    name: 'peopleFromRowStream',
    module: 'segmentation',
    args: () => [extractRows(), extractMapping()],
    call: ([r, o]) => streamOf(phm.peopleFromRowStream(r as unknown[], o as phm.RowStreamOptions).people),
  },
  { name: 'screenRecords', module: 'segmentation', args: () => [people()], call: ([r]) => phm.screenRecords(r as unknown[]) },
  { name: 'segmentPopulation', module: 'segmentation', args: () => [people(), customModel(), { asOf: AS_OF, ageBands: [0, 18, 65] }], call: ([r, m, o]) => phm.segmentPopulation(r as unknown[], m as phm.ModelSpec, o as phm.PopulationOptions) },
  {
    name: 'segmentStream',
    module: 'segmentation',
    args: () => [people(), customModel(), { asOf: AS_OF, batchSize: 4, duplicateIds: 'reject-repeats' }],
    call: ([r, m, o]) => streamOf(phm.segmentStream(r as unknown[], m as phm.ModelSpec, o as phm.StreamOptions)),
  },
  { name: 'overlap', module: 'segmentation', args: () => [people(), modelSpec(), { asOf: AS_OF }], call: ([r, m, o]) => phm.overlap(r as unknown[], m as phm.ModelSpec, o as phm.EvaluationOptions) },
  { name: 'transitions', module: 'segmentation', args: () => [people(), customModel(), { from: '2023-04-01', to: AS_OF }], call: ([r, m, o]) => phm.transitions(r as unknown[], m as phm.ModelSpec, o as phm.TransitionOptions) },
  {
    name: 'segmentsOverTime',
    module: 'segmentation',
    args: () => [people(), customModel(), { dates: ['2023-04-01', '2023-10-01', AS_OF] }],
    call: ([r, m, o]) => phm.segmentsOverTime(r as unknown[], m as phm.ModelSpec, o as phm.SeriesOptions),
  },
  {
    name: 'followUp',
    module: 'segmentation',
    args: () => [people(), customModel(), { start: '2023-04-01', offsets: [{ months: 6 }, { days: 366 }] }],
    call: ([r, m, o]) => phm.followUp(r as unknown[], m as phm.ModelSpec, o as phm.FollowUpOptions),
  },
  { name: 'monthEnds', module: 'core', args: () => ['2023-12-15', '2024-03-01'], call: ([a, b]) => phm.monthEnds(a as string, b as string) },
  {
    name: 'scoreConditions',
    module: 'segmentation',
    args: () => [people(), { id: 'score', label: 'Score', terms: [{ id: 'copd', label: 'COPD', weight: '1.46', rule: { marker: 'ltc-copd' } }, { id: 'smi', label: 'SMI', weight: '-0.5', rule: { marker: 'serious-mental-illness', within: { days: 30 } } }], bands: [{ id: 'low', label: 'Low', from: '0' }, { id: 'high', label: 'High', from: '1' }] }, { asOf: AS_OF }],
    call: ([r, s, o]) => phm.scoreConditions(r as unknown[], s as phm.ConditionScoreSpec, o as phm.EvaluationOptions),
  },
  {
    name: 'createBridgesToHealthModel',
    module: 'segmentation',
    args: () => [{ precedence: ['incurable-cancer', 'organ-failure', 'disability', 'frailty-and-dementia', 'long-term-conditions'], frailtyMinimumAge: 70, maternalHealthDaysAfter: 14 }],
    call: ([o]) => phm.createBridgesToHealthModel(o as phm.BridgesToHealthOptions),
  },
  { name: 'nationalExtractMapping', module: 'segmentation', args: () => [{ id: 'pid', locality: null, flags: { COPD: 'copd' } }], call: ([o]) => phm.nationalExtractMapping(o as phm.NationalExtractOptions) },
  {
    name: 'segmentsOverTimeChart',
    module: 'segmentation',
    args: () => [{ segments: ['a', 'b'], counts: [{ date: '2024-01-31', bySegment: { a: 1, b: 2 } }, { date: '2024-02-29', bySegment: { a: 2, b: 1 } }] }, { labels: { a: 'A' }, width: 300 }],
    call: ([r, o]) => phm.segmentsOverTimeChart(r, o as phm.OverTimeChartOptions),
  },
  {
    name: 'segmentFlowsChart',
    module: 'segmentation',
    args: () => [{ from: '2023-04-01', to: AS_OF, segments: ['a', 'b'], matrix: [[1, 2], [0, 3]] }, { title: 'Flows' }],
    call: ([r, o]) => phm.segmentFlowsChart(r, o as phm.OverTimeChartOptions),
  },
  { name: 'syntheticPopulation', module: 'segmentation', args: () => [{ size: 50, seed: 7, asOf: AS_OF }], call: ([o]) => phm.syntheticPopulation(o as phm.SyntheticPopulationOptions) },
  {
    name: 'syntheticPeople',
    module: 'segmentation',
    args: () => [{ size: 50, seed: 7, asOf: AS_OF }],
    call: ([o]) => [...phm.syntheticPeople(o as phm.SyntheticPeopleOptions)].length,
  },
  {
    name: 'toSql',
    module: 'segmentation',
    args: () => [
      customModel(),
      {
        dialect: 'postgresql',
        asOf: AS_OF,
        table: ['warehouse', 'people'],
        markerTable: 'markers',
        columns: { id: 'nhs_pseudo', sex: 'gender', deathDate: null },
        sexCodes: { male: '1', female: ['2', 'F'], indeterminate: '9', unknown: '0' },
        markerCodes: { 'ltc-copd': ['COPD', 'COPD_REG'] },
        flags: true,
        view: { name: 'segments', replace: true },
      },
    ],
    call: ([m, o]) => phm.toSql(m as phm.ModelSpec, o as phm.SqlOptions),
  },
  { name: 'markersReadBy', module: 'segmentation', args: () => [customModel()], call: ([m]) => phm.markersReadBy(m as phm.ModelSpec) },
  {
    name: 'personColumns',
    module: 'segmentation',
    args: () => [people(), { asOf: AS_OF, markers: ['ltc-copd', 'frailty-severe', 'pregnancy'] }],
    call: ([p, o]) => phm.personColumns(p as phm.Person[], o as phm.PersonColumnsOptions),
  },
  {
    name: 'segmentColumns',
    module: 'segmentation',
    args: () => [customModel(), { asOf: AS_OF, requireMarkers: false }],
    call: ([m, o]) => {
      const columns = phm.personColumns(people().slice(0, 10) as phm.Person[], { asOf: AS_OF, markers: phm.markersReadBy(customModel()) });
      return phm.segmentColumns(columns, m as phm.ModelSpec, o as phm.ColumnarOptions);
    },
  },
  { name: 'segmentCountsChart', module: 'segmentation', args: () => [copy(result()), { labels: modelSpec(), title: 'Segments', width: 400 }], call: ([r, o]) => phm.segmentCountsChart(r as phm.PopulationSegmentation, o as phm.SegmentCountsChartOptions) },
  {
    name: 'segmentBreakdownChart',
    module: 'segmentation',
    args: () => [copy(result().counts), { by: 'imdDecile', labels: modelSpec() }],
    call: ([r, o]) => phm.segmentBreakdownChart(r as phm.PopulationCounts, o as phm.SegmentBreakdownChartOptions),
  },
  // prioritisation
  { name: 'criteriaOfStep', module: 'prioritisation', args: () => [2], call: ([s]) => phm.criteriaOfStep(s as 1 | 2) },
  { name: 'selectAccelerator', module: 'prioritisation', args: () => [acceleratorInput()], call: ([i]) => phm.selectAccelerator(i as phm.AcceleratorInput) },
  { name: 'sensitivity', module: 'prioritisation', args: () => [acceleratorInput(), { samples: 50, seed: 2017 }], call: ([i, o]) => phm.sensitivity(i as phm.AcceleratorInput, o as phm.SensitivityOptions), runs: 40 },
  {
    name: 'acceleratorScoresChart',
    module: 'prioritisation',
    args: () => [copy(phm.selectAccelerator(acceleratorInput() as phm.AcceleratorInput)), { labels: { frailty: 'Frailty' } }],
    call: ([s, o]) => phm.acceleratorScoresChart(s as phm.AcceleratorSelection, o as phm.AcceleratorChartOptions),
  },
  {
    name: 'sensitivityChart',
    module: 'prioritisation',
    args: () => [copy(phm.sensitivity(acceleratorInput() as phm.AcceleratorInput, { samples: 20, seed: 1 })), { title: 'How firm' }],
    call: ([r, o]) => phm.sensitivityChart(r as phm.SensitivityReport, o as phm.AcceleratorChartOptions),
  },
  // finance
  { name: 'allocate', module: 'finance', args: () => ['100.00', [1, '2.5', 0, 3], { unit: '0.01' }], call: ([t, w, o]) => phm.allocate(t as string, w as number[], o as { unit: string }) },
  { name: 'allocateHierarchy', module: 'finance', args: () => [hierarchyInput()], call: ([i]) => phm.allocateHierarchy(i as Parameters<typeof phm.allocateHierarchy>[0]) },
  { name: 'allocatePooled', module: 'finance', args: () => [pooledInput()], call: ([i]) => phm.allocatePooled(i as phm.PooledInput) },
  { name: 'allocateEnvelopes', module: 'finance', args: () => [envelopeInput()], call: ([i]) => phm.allocateEnvelopes(i as phm.EnvelopeInput) },
  {
    name: 'envelopesChart',
    module: 'finance',
    args: () => [copy(phm.allocateEnvelopes(envelopeInput() as phm.EnvelopeInput)), { title: 'Envelopes' }],
    call: ([a, o]) => phm.envelopesChart(a as phm.EnvelopeAllocation, o as phm.EnvelopesChartOptions),
  },
  // bcf
  { name: 'contingencyCost', module: 'bcf', args: () => [{ unitCost: '200', days: 7, volume: 257, partialYearFactor: '0.5' }], call: ([i]) => phm.contingencyCost(i as phm.ContingencyCostInput) },
  {
    name: 'contingencyPlan',
    module: 'bcf',
    args: () => [{ outcomes: copy(phm.leeds2014Bcf.contingency.outcomes), contingencyFund: '2000000', likelihoods: { 'delayed-transfers': 0.4 } }],
    call: ([i]) => phm.contingencyPlan(i as phm.ContingencyPlanInput),
  },
  { name: 'trajectory', module: 'bcf', args: () => [{ baseline: 100, monthlyChange: '-0.0085', months: 12 }], call: ([i]) => phm.trajectory(i as phm.TrajectoryInput) },
  { name: 'scoreRisk', module: 'bcf', args: () => [{ likelihood: 4, impact: 4 }], call: ([i]) => phm.scoreRisk(i as { likelihood: number; impact: number }) },
  {
    name: 'summariseRegister',
    module: 'bcf',
    args: () => [[{ id: 'savings-not-delivered', likelihood: 4, impact: 4, exposure: '2000000' }, { id: 'data-sharing', rating: 'medium' }]],
    call: ([r]) => phm.summariseRegister(r as Parameters<typeof phm.summariseRegister>[0]),
  },
  {
    name: 'performanceElement',
    module: 'bcf',
    args: () => [{ pooledFund: '54923000', share: 0.25, metrics: [{ id: 'still-at-home-91-days', baseline: '85.7', target: '89.7', achieved: '87.7', weight: 2 }, { id: 'falls', baseline: 10, target: 8, achieved: 11 }] }],
    call: ([i]) => phm.performanceElement(i as phm.PerformanceElementInput),
  },
  { name: 'ratePer100k', module: 'bcf', args: () => [{ count: 1200, population: 118827, places: 1 }], call: ([i]) => phm.ratePer100k(i as Parameters<typeof phm.ratePer100k>[0]) },
  { name: 'proportion', module: 'bcf', args: () => [{ numerator: 897, denominator: 1000 }], call: ([i]) => phm.proportion(i as Parameters<typeof phm.proportion>[0]) },
  { name: 'minimumSignificantReduction', module: 'bcf', args: () => [{ baselineCount: 19016, confidence: 0.95 }], call: ([i]) => phm.minimumSignificantReduction(i as Parameters<typeof phm.minimumSignificantReduction>[0]) },
  { name: 'testChange', module: 'bcf', args: () => [{ baselineCount: 19016, observedCount: 18000, confidence: 0.95 }], call: ([i]) => phm.testChange(i as Parameters<typeof phm.testChange>[0]) },
  { name: 'reconcilePlan', module: 'bcf', args: () => [copy(phm.leeds2014Bcf.plan)], call: ([p]) => phm.reconcilePlan(p as phm.BcfPlan) },
  // registers
  { name: 'parseCodelist', module: 'registers', args: () => ['code,term\n44054006,Type 2 diabetes\n"73211009","Diabetes, unspecified"\n', { name: 'DM_COD', system: 'snomed-ct' }], call: ([t, o]) => phm.parseCodelist(t as string, o as phm.ParseCodelistOptions) },
  { name: 'defineCodelist', module: 'registers', args: () => [{ name: 'HFRS_F00', system: 'icd10', match: 'prefix', codes: ['F00', 'F00.1', 'f009'] }], call: ([s]) => phm.defineCodelist(s as phm.CodelistSpec) },
  { name: 'normaliseCode', module: 'registers', args: () => ['icd10', ' e11.9 '], call: ([s, c]) => phm.normaliseCode(s as phm.CodeSystemId, c as string) },
  { name: 'codeProblem', module: 'registers', args: () => ['snomed-ct', '73211009'], call: ([s, c]) => phm.codeProblem(s as phm.CodeSystemId, c as string) },
  { name: 'verhoeffCheckDigit', module: 'registers', args: () => ['7321100'], call: ([d]) => phm.verhoeffCheckDigit(d as string) },
  { name: 'readCsv', module: 'registers', args: () => ['a,b\r\n"1,2",3\n'], call: ([t]) => phm.readCsv(t as string) },
  { name: 'defineRegister', module: 'registers', args: () => [registerSpec()], call: ([r]) => phm.defineRegister(r as phm.RegisterSpec) },
  { name: 'deriveMarkers', module: 'registers', args: () => [registerEvents(), [registerSpec()], { asOf: AS_OF, people: people(), codelists: registerCodelists() }], call: ([e, r, o]) => phm.deriveMarkers(e as unknown[], r as phm.RegisterSpec[], o as phm.DeriveMarkersOptions), runs: 80 },
  {
    name: 'deriveMarkerStream',
    module: 'registers',
    args: () => [registerEvents(), [registerSpec()], { asOf: AS_OF, people: people(), codelists: registerCodelists() }],
    call: async ([e, r, o]) => {
      const stream = phm.deriveMarkerStream(e as unknown[], r as phm.RegisterSpec[], o as phm.MarkerStreamOptions);
      for await (const person of stream.people) void person;
      return stream.summary();
    },
    runs: 80,
  },
  {
    name: 'withDerivedMarkers',
    module: 'registers',
    args: () => [people(), copy(phm.deriveMarkers(registerEvents(), [registerSpec() as never], { asOf: AS_OF, people: people(), codelists: registerCodelists() as never }))],
    call: ([p, d]) => phm.withDerivedMarkers(p as phm.Person[], d as phm.DerivedMarkers),
  },
  { name: 'registersToSql', module: 'registers', args: () => [[registerSpec()], { dialect: 'tsql', asOf: AS_OF, codelists: registerCodelists(), eventsTable: ['gp', 'events'], columns: { eventValue: null } }], call: ([r, o]) => phm.registersToSql(r as phm.RegisterSpec[], o as phm.RegistersSqlOptions) },
  { name: 'codelistRows', module: 'registers', args: () => [registerCodelists()], call: ([c]) => phm.codelistRows(c as phm.Codelist[]) },
  { name: 'efiRule', module: 'registers', args: () => ['moderate'], call: ([b]) => phm.efiRule(b as 'moderate') },
  { name: 'hfrsRule', module: 'registers', args: () => ['high'], call: ([b]) => phm.hfrsRule(b as 'high') },
  { name: 'createHfrsRegisters', module: 'registers', args: () => [{ minimumAge: 65 }], call: ([o]) => phm.createHfrsRegisters(o as { minimumAge: number }) },
  { name: 'syntheticEvents', module: 'registers', args: () => [{ people: people().slice(0, 10), seed: 3, asOf: AS_OF }], call: ([o]) => phm.syntheticEvents(o as phm.SyntheticEventsOptions), runs: 80 },
];
