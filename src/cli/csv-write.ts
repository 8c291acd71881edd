/**
 * Writing CSV: one field or one line, quoted as RFC 4180 says (a field with a comma, a quote or
 * a line break is put in quotes, its quotes doubled), so that any id or message reads back as
 * it was. Lines end in `\n`. Small enough not to need a second dependency.
 */

/** A field as CSV: quoted when it has to be; `undefined` is the empty field. */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line, with its line break. */
export function csvLine(fields: readonly (string | number | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}
