/**
 * `phm-kit models`: the built-in models (or one of them, or a model.json), each with its
 * segments in precedence order, the rule of each in the library's words (`describeRule`), the
 * markers each segment's rule reads, and its sub-segments; as text, or as JSON with `--json`.
 */
import { defineModel, describeRule, markersReadBy, type SegmentationModel } from 'phm-kit/segmentation';
import { HELP_FLAG } from '../args.js';
import { defineCommand, type Command } from '../command.js';
import { EXIT } from '../errors.js';
import { EXIT_CODES_HELP } from '../help.js';
import { BUILT_IN_MODELS, builtInModel, resolveModel } from '../model-source.js';

/** The flags `phm-kit models` takes. */
export const MODELS_FLAGS = { json: { type: 'boolean' }, ...HELP_FLAG } as const;

/** `phm-kit models --help`. */
export const MODELS_HELP = `Usage: phm-kit models [<name|model.json>] [--json]

Lists the built-in models (leeds2024, leeds2017, bridgesToHealth), or the one named, or the
model spec in a JSON file (checked as defineModel checks it): each segment in precedence
order (the first whose rule holds wins; the last is the catch-all), its rule in words, the
markers its rule reads, and its sub-segments; then the model's overlays (flags beside the
hierarchy).

Flags:
      --json     the same as JSON: [{ name, id, label, markers, segments: [{ precedence,
                 id, label, rule, catchAll, markers, subsegments: [{ id, label, rule }] }],
                 overlays: [{ id, label, rule }] }]
  -h, --help     this help

${EXIT_CODES_HELP}
`;

/** One segment as `phm-kit models` describes it. */
export interface SegmentDescription {
  readonly precedence: number;
  readonly id: string;
  readonly label: string;
  readonly rule: string;
  readonly catchAll: boolean;
  readonly markers: readonly string[];
  readonly subsegments: readonly { readonly id: string; readonly label: string; readonly rule: string }[];
}

/** One model as `phm-kit models` describes it. */
export interface ModelDescription {
  /** What to give --model for it: the name it is exported under, or the file it came from. */
  readonly name: string;
  readonly id: string;
  readonly label: string;
  /** Every marker the model reads (its segments', sub-segments' and overlays' rules), in model order. */
  readonly markers: readonly string[];
  readonly segments: readonly SegmentDescription[];
  /** Flags beside the hierarchy (maternal health in Bridges to Health), each with its rule in words. */
  readonly overlays: readonly { readonly id: string; readonly label: string; readonly rule: string }[];
}

/**
 * The markers one segment's rule reads: `markersReadBy` of a model of that segment alone
 * before the catch-all, so that which markers a rule reads is the library's answer, not a
 * second reading of the rule language here.
 */
function markersOfSegment(model: SegmentationModel, index: number): string[] {
  const segment = model.segments[index];
  const catchAll = model.segments.at(-1);
  if (segment === undefined || catchAll === undefined || segment === catchAll) return [];
  // The rule alone: without the sub-segments and overlays, which markersReadBy also reads.
  const bare = (s: typeof segment) => ({ ...s, subsegments: undefined });
  return markersReadBy(defineModel({ ...model, overlays: undefined, segments: [bare(segment), bare(catchAll)] } as Parameters<typeof defineModel>[0]));
}

/** A model described for listing. */
export function describeModel(name: string, model: SegmentationModel): ModelDescription {
  const segments = model.segments.map((s, i): SegmentDescription => {
    const rule = 'rule' in s ? describeRule(s.rule) : 'everyone not in an earlier segment (the catch-all)';
    const subsegments = (s.subsegments ?? []).map((sub) => ({ id: sub.id, label: sub.label, rule: describeRule(sub.rule) }));
    return { precedence: i + 1, id: s.id, label: s.label, rule, catchAll: !('rule' in s), markers: markersOfSegment(model, i), subsegments };
  });
  const overlays = (model.overlays ?? []).map((o) => ({ id: o.id, label: o.label, rule: describeRule(o.rule) }));
  return { name, id: model.id, label: model.label, markers: markersReadBy(model), segments, overlays };
}

/** A model description as text. */
export function modelText(d: ModelDescription): string {
  const lines = [`${d.name} (id ${d.id}): ${d.label}`];
  for (const s of d.segments) {
    lines.push(`  ${String(s.precedence).padStart(2)}. ${s.id}: ${s.label}`, `      rule: ${s.rule}`);
    if (s.markers.length > 0) lines.push(`      reads: ${s.markers.join(', ')}`);
    for (const sub of s.subsegments) lines.push(`      sub-segment ${sub.id}: ${sub.rule}`);
  }
  for (const o of d.overlays) lines.push(`  overlay ${o.id}: ${o.rule}`);
  lines.push(`  reads ${d.markers.length} markers in all: ${d.markers.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** `phm-kit models`: resolves to the exit code. */
export const modelsCommand: Command = defineCommand({
  name: 'models',
  flags: MODELS_FLAGS,
  help: MODELS_HELP,
  positionals: 1,
  run: async ({ values, positionals: [wanted] }, io) => {
    const models = wanted === undefined ? BUILT_IN_MODELS : [{ name: builtInModel(wanted)?.name ?? wanted, model: resolveModel(wanted) }];
    const descriptions = models.map((m) => describeModel(m.name, m.model));
    io.stdout.write(values.json === true ? `${JSON.stringify(descriptions, null, 2)}\n` : descriptions.map(modelText).join('\n'));
    return EXIT.done;
  },
});
