/**
 * Reading the small JSON files the commands take (a mapping, a model, the tables of `sql`):
 * whole, synchronously, with one-line errors that name the file. What the JSON must hold is
 * checked by the library's own schemas, by the caller.
 */
import { readFileSync } from 'node:fs';
import { CliError } from './errors.js';

/** JSON files are settings, not data: anything larger is refused before it is read. */
const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** Why a file cannot be opened, in words, from a Node file-system error. */
export function fileProblem(path: string, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return `${path}: no such file`;
  if (code === 'EISDIR') return `${path}: is a directory, not a file`;
  if (code === 'EACCES' || code === 'EPERM') return `${path}: permission denied`;
  return `${path}: ${error instanceof Error ? error.message : String(error)}`;
}

/** The parsed contents of a JSON file; `what` says what the file is for ("mapping"). */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    const bytes = readFileSync(path);
    if (bytes.length > MAX_JSON_BYTES) throw new CliError(`${path}: a ${what} file of ${bytes.length} bytes is over the limit of ${MAX_JSON_BYTES}`);
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${what} file ${fileProblem(path, error)}`);
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new CliError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
}

/** The JSON of `path` when it is one object (`{ ... }`), as every settings file must be. */
export function readJsonObject(path: string, what: string): Record<string, unknown> {
  const value = readJsonFile(path, what);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliError(`${path}: a ${what} file holds one JSON object ({ ... })`);
  return value as Record<string, unknown>;
}
