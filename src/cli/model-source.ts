/**
 * `--model`: a built-in model by name (or by its id), or a model spec in a JSON file, checked
 * by the library's `defineModel` so that a bad file is refused with the paths of its faults.
 */
import { bridgesToHealth, defineModel, leeds2017, leeds2024, PhmModelError, type SegmentationModel } from 'phm-kit/segmentation';
import { CliError, describeIssues } from './errors.js';
import { readJsonFile } from './json-file.js';

/** A model the package ships, under the name it is exported as. */
export interface BuiltInModel {
  readonly name: string;
  readonly model: SegmentationModel;
}

/** The built-in models, in the order `phm-kit models` lists them. */
export const BUILT_IN_MODELS: readonly BuiltInModel[] = [
  { name: 'leeds2024', model: leeds2024 },
  { name: 'leeds2017', model: leeds2017 },
  { name: 'bridgesToHealth', model: bridgesToHealth },
];

/** Whether `value` names a file rather than a built-in model. */
const isPath = (value: string) => value.endsWith('.json') || value.includes('/') || value.includes('\\');

/** The built-in model `value` names (export name or model id, in any case), if any. */
export function builtInModel(value: string): BuiltInModel | undefined {
  const wanted = value.toLowerCase();
  return BUILT_IN_MODELS.find((m) => m.name.toLowerCase() === wanted || m.model.id === wanted);
}

/** The model a `--model` value names, checked; a {@link CliError} when it names none. */
export function resolveModel(value: string): SegmentationModel {
  const builtIn = builtInModel(value);
  if (builtIn !== undefined) return builtIn.model;
  if (!isPath(value)) {
    const names = BUILT_IN_MODELS.map((m) => m.name).join(', ');
    throw new CliError(`unknown model '${value}': give ${names}, or a model.json file`);
  }
  const spec = readJsonFile(value, 'model');
  try {
    return defineModel(spec as Parameters<typeof defineModel>[0]);
  } catch (error) {
    if (error instanceof PhmModelError) throw new CliError(`${value}: not a valid model (${error.code}): ${describeIssues(error.issues)}`);
    throw error;
  }
}
