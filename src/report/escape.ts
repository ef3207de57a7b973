/** Escaping for hive text (hostile content) in the three places reports put it: a JSON data block, Markdown and CSV. */

const SCRIPT_UNSAFE: Record<string, string> = { '<': '\\u003c', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * JSON for a `<script type="application/json">` block: `<` cannot close the element or open a comment, and the
 * JavaScript line terminators U+2028/U+2029 are spelled as escapes (Lighthouse's sanitizeJson), in one pass.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<\u2028\u2029]/g, (c) => SCRIPT_UNSAFE[c]);
}

const MD_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** What mdText changes, in one pass: punctuation, HTML-significant characters, line breaks, other control characters. */
const MD_SPECIAL = /[\\`*_[\]|~#!]|[&<>]|\r\n|\r|\n|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function mdEscape(c: string): string {
  if (c.length === 2 || c === '\r' || c === '\n') return '<br>';
  const entity = MD_ENTITIES[c];
  if (entity) return entity;
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f ? `&#x${code.toString(16)};` : `\\${c}`;
}

/**
 * Inline Markdown text that renders literally: Markdown punctuation is backslash-escaped (CommonMark allows it for
 * any ASCII punctuation), HTML-significant characters become entities so raw HTML renderers and `<details>` blocks
 * see text, and line breaks become `<br>` so a table row stays on one line.
 */
export function mdText(text: string): string {
  return text.replace(MD_SPECIAL, mdEscape);
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

/** `%XX` for each UTF-8 byte of a character. */
function percent(c: string): string {
  return Array.from(new TextEncoder().encode(c), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

const CONTROL_OR_SEPARATOR = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * One field of a TLN line: `%`, `|`, control characters and the Unicode line separators become `%XX` (UTF-8 bytes),
 * so hive text can neither split a field nor end a line, and decodeURIComponent gives the original text back.
 */
export function pipeField(text: string): string {
  return text.replace(/[%|]/g, percent).replace(CONTROL_OR_SEPARATOR, percent);
}

/**
 * One field of a mactime bodyfile. mactime decodes `%XX` in every field (`tm_split`) and silently drops an entry
 * whose decoded name holds a line break, so the name is encoded twice: `%` and control characters as `%XX` for
 * mactime's output, then `%` and `|` again for the file. mactime prints `|` as is and a line break as `%0A`, and
 * decodeURIComponent of what it prints is the original text.
 */
export function bodyfileField(text: string): string {
  return text.replace(/%/g, percent).replace(CONTROL_OR_SEPARATOR, percent).replace(/[%|]/g, percent);
}
