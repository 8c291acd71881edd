/**
 * Population segmentation: everyone in a population in exactly one segment, explained.
 * @packageDocumentation
 */
export { PersonSchema, MarkerEntrySchema, DatedMarkerSchema, SexSchema, isPerson } from './records/person.js';
export type { Person, MarkerEntry, DatedMarker, Sex } from './records/person.js';
export { MARKER_CATALOGUE, LONG_TERM_CONDITION_MARKERS, NATIONAL_LONG_TERM_CONDITION_MARKERS, LONG_TERM_CONDITION_IDS, MarkerDefinitionSchema } from './model/markers.js';
export type { MarkerDefinition, CatalogueMarkerId, MarkerId } from './model/markers.js';
export { RuleSchema, describeRule, MAX_RULE_DEPTH } from './model/rule.js';
export type { Rule } from './model/rule.js';
export { defineModel, isDefinedModel, insertSegment, InsertionSchema, ModelSpecSchema, SegmentSpecSchema, SubsegmentSpecSchema, OverlaySpecSchema } from './model/model.js';
export type { ModelSpec, SegmentSpec, SubsegmentSpec, OverlaySpec, SegmentationModel } from './model/model.js';
export { compileClassifier } from './classify/compile.js';
export type { Assignment, Classification, CompiledClassifier } from './classify/compile.js';
export { classify } from './classify/classify.js';
export type { PersonClassification } from './classify/classify.js';
export { EvaluationOptionsSchema, ClassifyOptionsSchema } from './classify/options.js';
export type { EvaluationOptions, ClassifyOptions } from './classify/options.js';
export type { ExclusionReason } from './classify/exclusion.js';
export { screenRecords } from './records/screen.js';
export type { Rejection, RejectionReason, ScreenedRecords } from './records/screen.js';
export { segmentPopulation, PopulationOptionsSchema } from './population/population.js';
export type { PlacedRows } from './population/placement.js';
export type { Exclusion, PopulationSegmentation, PopulationOptions } from './population/population.js';
export { segmentStream, StreamOptionsSchema, DEFAULT_STREAM_BATCH_SIZE, DEFAULT_MAX_LOCALITIES } from './population/stream.js';
export { MAX_BATCH_ROWS } from './records/rows.js';
export { MAX_MARKERS_PER_PERSON } from './records/snapshot.js';
export type { StreamBatch, StreamTotals, StreamOptions, StreamSource } from './population/stream.js';
export { DEFAULT_AGE_BANDS, CONDITION_COUNT_BANDS } from './population/counts.js';
export type { PopulationCounts, SegmentTally, DeprivationShare, ConditionCountBand } from './population/counts.js';
export { overlap } from './population/overlap.js';
export type { SegmentOverlap } from './population/overlap.js';
export { transitions, TransitionOptionsSchema } from './over-time/transitions.js';
export type { SegmentTransitions, TransitionOptions } from './over-time/transitions.js';
export { segmentsOverTime, SeriesOptionsSchema } from './over-time/series.js';
export type { SegmentSeries, SeriesOptions, SeriesStep } from './over-time/series.js';
export { followUp, FollowUpOptionsSchema } from './over-time/follow-up.js';
export type { SegmentFollowUp, FollowUpOptions } from './over-time/follow-up.js';
export { segmentsOverTimeChart, segmentFlowsChart, OverTimeChartOptionsSchema } from './over-time/charts.js';
export type { OverTimeChartOptions } from './over-time/charts.js';
export { syntheticPopulation, SyntheticPopulationOptionsSchema, syntheticPeople, SyntheticPeopleOptionsSchema } from './population/synthetic.js';
export type { SyntheticPopulationOptions, SyntheticPeopleOptions } from './population/synthetic.js';
export { leeds2024, createLeeds2024Model, Leeds2024OptionsSchema } from './models/leeds2024.js';
export type { Leeds2024Options } from './models/leeds2024.js';
export { leeds2017 } from './models/leeds2017.js';
export {
  bridgesToHealth,
  createBridgesToHealthModel,
  BridgesToHealthOptionsSchema,
  BRIDGES_TO_HEALTH_CONDITIONS,
  BRIDGES_TO_HEALTH_PRECEDENCE,
  BRIDGES_TO_HEALTH_SEGMENT_IDS,
} from './models/bridges-to-health.js';
export type { BridgesToHealthOptions, BridgesToHealthSegmentId } from './models/bridges-to-health.js';
export { nationalExtractMapping, NationalExtractOptionsSchema } from './models/national-extract.js';
export { defineConditionScore, ConditionScoreSpecSchema, ScoreWeightSchema } from './scores/condition-score.js';
export type { ConditionScore, ConditionScoreSpec } from './scores/condition-score.js';
export { scoreConditions } from './scores/score-conditions.js';
export type { ConditionScores, PersonScore } from './scores/score-conditions.js';
export { CAMBRIDGE_MULTIMORBIDITY_SCORE } from './scores/cambridge.js';
export type { NationalExtractOptions } from './models/national-extract.js';
export { toSql } from './warehouse/sql/to-sql.js';
export type { SegmentationSql, SqlResultColumn } from './warehouse/sql/to-sql.js';
export { SqlOptionsSchema, SqlColumnsSchema, SqlTableNameSchema } from './warehouse/sql/options.js';
export type { SqlOptions } from './warehouse/sql/options.js';
export { SqlDialectSchema } from './warehouse/sql/dialects.js';
export type { SqlDialectId } from './warehouse/sql/dialects.js';
export { segmentColumns, personColumns, markersReadBy, ColumnarOptionsSchema, PersonColumnsOptionsSchema, SEX_CODES, NO_SEX, NO_DAY, CODE_DECEASED, CODE_NOT_YET_BORN, CODE_REJECTED, CODE_DEREGISTERED, CODE_NOT_YET_REGISTERED } from './warehouse/columnar.js';
export type { PersonColumns, PersonDayColumns, ColumnarSegmentation, ColumnRejection, ColumnRejectionReason, ColumnarOptions, PersonColumnsOptions } from './warehouse/columnar.js';
export { segmentCountsChart, segmentBreakdownChart, SegmentCountsChartOptionsSchema, SegmentBreakdownChartOptionsSchema } from './population/charts.js';
export type { SegmentCountsChartOptions, SegmentBreakdownChartOptions, SegmentCountsInput, SegmentLabels } from './population/charts.js';
export { peopleFromRows } from './ingestion/people-from-rows.js';
export type { PeopleFromRows, PeopleFromRowsOptions, AbsentColumn } from './ingestion/people-from-rows.js';
export { peopleFromRowStream } from './ingestion/row-stream.js';
export type { RowStream, RowStreamOptions, RowStreamSummary, RowSource } from './ingestion/row-stream.js';
export { RowMappingSchema, RowColumnsSchema, MarkerColumnSchema } from './ingestion/mapping.js';
export type { RowMapping } from './ingestion/mapping.js';
export type { MarkerRowsSummary } from './ingestion/episodes.js';
export { DEFAULT_SEX_CODES } from './ingestion/codes.js';
export { isRejectedRow } from './records/rejected-row.js';
export type { RejectedRow } from './records/rejected-row.js';
export { MAX_UNKNOWN_MARKER_IDS, UnknownMarkerPolicySchema } from './classify/unknown-markers.js';
export type { UnknownMarker, UnknownMarkerPolicy } from './classify/unknown-markers.js';
// The error classes, so that a caller importing this subpath alone can catch what it throws.
export { PhmError, PhmValidationError, PhmModelError, PhmExcludedError, PhmInfeasibleError } from '../core/errors.js';
export type { PhmIssue, PhmErrorCode, ModelErrorCode } from '../core/errors.js';
export { checkInput } from '../core/check-input.js';
