/** Escaping for hive text (hostile content) in the three places reports put it: a JSON data block, Markdown and CSV. */

/**
 * JSON for a `<script type="application/json">` block: `<` cannot close the element or open a comment, and the
 * JavaScript line terminators U+2028/U+2029 are spelled as escapes (Lighthouse's sanitizeJson).
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const MD_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Inline Markdown text that renders literally: Markdown punctuation is backslash-escaped (CommonMark allows it for
 * any ASCII punctuation), HTML-significant characters become entities so raw HTML renderers and `<details>` blocks
 * see text, and line breaks become `<br>` so a table row stays on one line.
 */
export function mdText(text: string): string {
  return text
    .replace(/[\\`*_[\]|~#!]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => MD_ENTITIES[c])
    .replace(/\r\n|\r|\n/g, '<br>')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`);
}

/** A Markdown table cell: mdText, never empty (an empty cell still renders, a dash reads better). */
export function mdCell(text: string | number | boolean | null | undefined): string {
  if (text === null || text === undefined || text === '') return '—';
  return mdText(String(text));
}

/** Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection), also after a tab or CR. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 field: formula-looking text gets a leading `'`, then quoting when needed. */
export function csvField(value: string | number | boolean | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record terminated by CRLF, as RFC 4180 specifies. */
export function csvRecord(fields: readonly (string | number | boolean | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
