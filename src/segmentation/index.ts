/**
 * Population segmentation: everyone in a population in exactly one segment, explained.
 * @packageDocumentation
 */
export { PersonSchema, MarkerEntrySchema, DatedMarkerSchema, SexSchema, isPerson } from './person.js';
export type { Person, MarkerEntry, DatedMarker, Sex } from './person.js';
export { MARKER_CATALOGUE, LONG_TERM_CONDITION_MARKERS, LONG_TERM_CONDITION_IDS, MarkerDefinitionSchema } from './markers.js';
export type { MarkerDefinition, CatalogueMarkerId } from './markers.js';
export { RuleSchema, describeRule, MAX_RULE_DEPTH } from './rule.js';
export type { Rule } from './rule.js';
export { defineModel, isDefinedModel, insertSegment, InsertionSchema, ModelSpecSchema, SegmentSpecSchema, SubsegmentSpecSchema } from './model.js';
export type { ModelSpec, SegmentSpec, SubsegmentSpec, SegmentationModel } from './model.js';
export { compileClassifier } from './compile.js';
export type { Assignment, Classification, CompiledClassifier } from './compile.js';
export { classify } from './classify.js';
export { EvaluationOptionsSchema } from './options.js';
export type { EvaluationOptions } from './options.js';
export type { ExclusionReason } from './exclusion.js';
export { screenRecords } from './screen.js';
export type { Rejection, RejectionReason, ScreenedRecords } from './screen.js';
export { segmentPopulation, PopulationOptionsSchema } from './population.js';
export type { PlacedRows } from './placement.js';
export type { Exclusion, PopulationSegmentation, PopulationOptions } from './population.js';
export { segmentStream, StreamOptionsSchema, DEFAULT_STREAM_BATCH_SIZE, DEFAULT_MAX_LOCALITIES } from './stream.js';
export { MAX_BATCH_ROWS } from './rows.js';
export { MAX_MARKERS_PER_PERSON } from './snapshot.js';
export type { StreamBatch, StreamTotals, StreamOptions, StreamSource } from './stream.js';
export { DEFAULT_AGE_BANDS } from './counts.js';
export type { PopulationCounts, SegmentTally, DeprivationShare } from './counts.js';
export { overlap } from './overlap.js';
export type { SegmentOverlap } from './overlap.js';
export { transitions, TransitionOptionsSchema } from './transitions.js';
export type { SegmentTransitions, TransitionOptions } from './transitions.js';
export { syntheticPopulation, SyntheticPopulationOptionsSchema, syntheticPeople, SyntheticPeopleOptionsSchema } from './synthetic.js';
export type { SyntheticPopulationOptions, SyntheticPeopleOptions } from './synthetic.js';
export { leeds2024, createLeeds2024Model, Leeds2024OptionsSchema } from './models/leeds2024.js';
export type { Leeds2024Options } from './models/leeds2024.js';
export { leeds2017 } from './models/leeds2017.js';
export { bridgesToHealth } from './models/bridges-to-health.js';
export { toSql } from './sql/to-sql.js';
export type { SegmentationSql, SqlResultColumn } from './sql/to-sql.js';
export { SqlOptionsSchema, SqlColumnsSchema, SqlTableNameSchema } from './sql/options.js';
export type { SqlOptions } from './sql/options.js';
export { SqlDialectSchema } from './sql/dialects.js';
export type { SqlDialectId } from './sql/dialects.js';
export { segmentColumns, personColumns, markersReadBy, ColumnarOptionsSchema, PersonColumnsOptionsSchema, SEX_CODES, NO_SEX, NO_DAY, CODE_DECEASED, CODE_NOT_YET_BORN, CODE_REJECTED } from './columnar.js';
export type { PersonColumns, PersonDayColumns, ColumnarSegmentation, ColumnRejection, ColumnRejectionReason, ColumnarOptions, PersonColumnsOptions } from './columnar.js';
export { segmentCountsChart, segmentBreakdownChart, SegmentCountsChartOptionsSchema, SegmentBreakdownChartOptionsSchema } from './charts.js';
export type { SegmentCountsChartOptions, SegmentBreakdownChartOptions, SegmentCountsInput, SegmentLabels } from './charts.js';
