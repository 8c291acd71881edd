/**
 * Registers: from coded clinical events (SNOMED CT, dm+d, ICD-10, OPCS-4, CTV3, Read v2) to
 * the dated markers the segmentation models read, by register rules written as data and run in
 * TypeScript or compiled to SQL.
 * @packageDocumentation
 */
export * from './codelists/index.js';
export { RegisterRuleSchema, CodelistNameSchema, ScoreNumberSchema, MAX_REGISTER_RULE_DEPTH } from './rules/rule.js';
export type { RegisterRule, ValueComparison, ScoreComparison, ScoreItem } from './rules/rule.js';
export { RegisterWindowSchema } from './rules/window.js';
export type { RegisterWindow } from './rules/window.js';
export { defineRegister, isDefinedRegister, RegisterSpecSchema, RegisterEpisodeSchema } from './rules/register.js';
export type { Register, RegisterSpec, RegisterEpisode } from './rules/register.js';
export { CodedEventSchema } from './events/event.js';
export type { CodedEvent } from './events/event.js';
export { deriveMarkers, DeriveMarkersOptionsSchema } from './derive/derive-markers.js';
export type { DerivedMarkers, DeriveMarkersOptions, RejectedPerson, RegisterInput } from './derive/derive-markers.js';
export type { DerivedMarkerEntry, MarkerReason, PersonMarkers } from './derive/derivation.js';
export type { RegisterEvidence } from './derive/rule-evaluator.js';
export type { EventCounts, ReportedEvent, UnmatchedCode } from './derive/tally.js';
export { withDerivedMarkers } from './derive/merge.js';
export { deriveMarkerStream, MarkerStreamOptionsSchema } from './derive/stream.js';
export type { MarkerStream, MarkerStreamOptions, MarkerStreamSummary, EventSource } from './derive/stream.js';
export { registersToSql } from './sql/registers-to-sql.js';
export type { RegistersSql } from './sql/registers-to-sql.js';
export { RegistersSqlOptionsSchema, RegisterSqlColumnsSchema, CodelistShapeSchema } from './sql/options.js';
export type { RegistersSqlOptions } from './sql/options.js';
export { codelistRows } from './sql/codelist-rows.js';
export { BUILT_IN_REGISTERS, BUILT_IN_CODELISTS } from './builtins/index.js';
export { QOF_REGISTERS, NON_QOF_REGISTERS, QOF_CODELISTS, QOF_RULES_VERSION } from './builtins/qof.js';
export type { BuiltInCodelist } from './builtins/qof.js';
export { FRAILTY_REGISTERS, FRAILTY_CODELISTS, EFI_DEFICITS, EFI_CUT_OFFS, EFI_ITEMS, EFI_MINIMUM_AGE, CFS_CATEGORIES, efiRule } from './builtins/frailty.js';
export { BRIDGES_TO_HEALTH_REGISTERS, BRIDGES_TO_HEALTH_CODELISTS } from './builtins/bridges-to-health.js';
export { HFRS_POINTS, HFRS_BANDS, HFRS_LOOK_BACK, hfrsCodelists, hfrsRule, createHfrsRegisters } from './builtins/hfrs.js';
export { syntheticEvents, SyntheticEventsOptionsSchema } from './synthetic/events.js';
export type { SyntheticEventsOptions } from './synthetic/events.js';
export { syntheticCodelists } from './synthetic/codelists.js';
export { PhmError, PhmValidationError, PhmModelError } from '../core/errors.js';
