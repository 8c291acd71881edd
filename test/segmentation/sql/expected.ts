/**
 * What a generated query must return for a population, taken from the TypeScript classifier:
 * one outcome per input row. Rows have no order in SQL and ids may repeat, so outcomes are
 * compared as sorted lists of strings.
 */
import { segmentPopulation, type Person, type SegmentationModel } from 'phm-kit/segmentation';

/** One row's outcome as text: `id | status | reason | segment | condition count | matched flags | sub-segment flags | condition flags | overlays`. */
export type Outcome = string;

const snake = (id: string) => id.replace(/-/g, '_');
/** The model's condition ids: every sub-segment id once, in model order. */
const conditionIds = (model: SegmentationModel) => [...new Set(model.segments.flatMap((s) => (s.subsegments ?? []).map((sub) => sub.id)))];

export function expectedOutcomes(people: readonly Person[], model: SegmentationModel, asOf: string, flags = false): Outcome[] {
  const result = segmentPopulation(people, model, { asOf });
  const outcomes: Outcome[] = [];
  const ruled = model.segments.slice(0, -1);
  const conditions = conditionIds(model);
  for (const a of result.assignments) {
    const matched = flags ? ruled.map((s) => (a.matched.includes(s.id) ? 1 : 0)).join('') : '';
    const subs = flags
      ? model.segments.flatMap((s) => (s.subsegments ?? []).map((sub) => (s.id === a.segment && a.subsegments.includes(sub.id) ? 1 : 0))).join('')
      : '';
    const held = flags ? conditions.map((id) => (a.conditions.includes(id) ? 1 : 0)).join('') : '';
    const overlays = (model.overlays ?? []).map((o) => (a.overlays.includes(o.id) ? 1 : 0)).join('');
    outcomes.push([a.personId, 'assigned', '', a.segment, a.conditionCount, matched, subs, held, overlays].join(' | '));
  }
  for (const r of result.rejected) outcomes.push([r.id, 'rejected', r.reason, '', '', '', '', '', ''].join(' | '));
  for (const e of result.excluded) outcomes.push([e.personId, 'excluded', e.reason, '', '', '', '', '', ''].join(' | '));
  return outcomes.sort();
}

/** The same text for rows a generated query returned. */
export function actualOutcomes(rows: readonly Record<string, unknown>[], model: SegmentationModel, flags = false): Outcome[] {
  const ruled = model.segments.slice(0, -1);
  const subColumns = model.segments.flatMap((s) => (s.subsegments ?? []).map((sub) => `subsegment__${snake(s.id)}__${snake(sub.id)}`));
  const conditionColumns = conditionIds(model).map((id) => `condition__${snake(id)}`);
  return rows
    .map((r) => {
      const assigned = r.status === 'assigned';
      const matched = flags && assigned ? ruled.map((s) => String(r[`matched_${snake(s.id)}`])).join('') : '';
      const subs = flags && assigned ? subColumns.map((c) => String(r[c])).join('') : '';
      const held = flags && assigned ? conditionColumns.map((c) => String(r[c])).join('') : '';
      const overlays = assigned ? (model.overlays ?? []).map((o) => String(r[`overlay__${snake(o.id)}`])).join('') : '';
      return [r.person_id, r.status, r.reason ?? '', r.segment ?? '', r.condition_count === null || r.condition_count === undefined ? '' : Number(r.condition_count), matched, subs, held, overlays].join(' | ');
    })
    .sort();
}
