/**
 * A small, bounded XML reader for task files: elements, attributes, text, CDATA, the five predefined entities and
 * character references. DOCTYPE bodies are skipped, never expanded (so no entity bombs or external fetches);
 * comments and processing instructions are dropped. Hand-written rather than a library: the project has no XML
 * dependency, the page must run it offline in browsers, and task XML needs none of namespaces, DTDs or schemas
 * (README, "Choices"). Malformed input never throws: parsing stops with a problem and what was built is kept.
 */

export interface XmlElement {
  /** Local name (any `prefix:` dropped). */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Concatenated text directly inside this element. */
  text: string;
  /** Character position of the `<` in the decoded text. */
  readonly position: number;
}

export interface XmlLimits {
  readonly maxChars: number;
  readonly maxElements: number;
  readonly maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxChars: 4 * 1024 * 1024, maxElements: 100_000, maxDepth: 64 };

export interface XmlParse {
  readonly root: XmlElement | null;
  /** Problems with the character position they were met at. */
  readonly problems: { readonly position: number; readonly message: string }[];
}

/** Decodes an XML file's bytes: BOM first (UTF-8, UTF-16LE/BE), else UTF-16LE when the second byte is NUL, else UTF-8. */
export function decodeXmlBytes(bytes: Uint8Array): string {
  let enc = 'utf-8';
  let skip = 0;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) [enc, skip] = ['utf-16le', 2];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [enc, skip] = ['utf-16be', 2];
  else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) skip = 3;
  else if (bytes.length > 1 && bytes[1] === 0 && bytes[0] !== 0) enc = 'utf-16le';
  return new TextDecoder(enc, { fatal: false }).decode(bytes.subarray(skip));
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescape(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e];
    const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : '\uFFFD';
  });
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ATTR = /\s+([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("[^"<]*"|'[^'<]*')/y;

export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlParse {
  const problems: { position: number; message: string }[] = [];
  if (text.length > limits.maxChars) {
    problems.push({ position: limits.maxChars, message: `XML text longer than ${limits.maxChars} characters; the rest is not read` });
    text = text.slice(0, limits.maxChars);
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let count = 0;
  let i = 0;
  const stop = (message: string) => {
    problems.push({ position: i, message });
    return { root, problems };
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (stack.length > 0 && chunk) stack[stack.length - 1].text += unescape(chunk);
    if (lt < 0) break;
    i = lt;
    // '<' then '!--', never the four-character literal: the browser page inlines this module in a <script>.
    if (text.charCodeAt(i) === 0x3c && text.startsWith('!--', i + 1)) {
      const e = text.indexOf('-->', i + 4);
      if (e < 0) return stop('unterminated comment');
      i = e + 3;
    } else if (text.startsWith('<![CDATA[', i)) {
      const e = text.indexOf(']]>', i + 9);
      if (e < 0) return stop('unterminated CDATA section');
      if (stack.length > 0) stack[stack.length - 1].text += text.slice(i + 9, e);
      i = e + 3;
    } else if (text.startsWith('<?', i)) {
      const e = text.indexOf('?>', i + 2);
      if (e < 0) return stop('unterminated processing instruction');
      i = e + 2;
    } else if (text.startsWith('<!', i)) {
      // DOCTYPE (possibly with an internal subset in brackets): skipped whole, its declarations ignored.
      let depth = 0;
      let j = i + 2;
      for (; j < text.length; j++) {
        if (text[j] === '[') depth++;
        else if (text[j] === ']') depth--;
        else if (text[j] === '>' && depth <= 0) break;
      }
      if (j >= text.length) return stop('unterminated declaration');
      i = j + 1;
    } else if (text[i + 1] === '/') {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(text);
      const e = text.indexOf('>', i);
      if (!m || e < 0) return stop('malformed end tag');
      const top = stack.pop();
      if (!top || top.name !== localName(m[0])) return stop(`end tag </${m[0]}> does not close <${top?.name ?? '(nothing)'}>`);
      i = e + 1;
    } else {
      const start = i;
      NAME.lastIndex = i + 1;
      const m = NAME.exec(text);
      if (!m) return stop('malformed start tag');
      let j = NAME.lastIndex;
      const attributes: Record<string, string> = {};
      for (;;) {
        ATTR.lastIndex = j;
        const a = ATTR.exec(text);
        if (!a) break;
        const key = localName(a[1]);
        if (a[1] !== 'xmlns' && !a[1].startsWith('xmlns:') && !Object.hasOwn(attributes, key))
          Object.defineProperty(attributes, key, { value: unescape(a[2].slice(1, -1)), enumerable: true });
        j = ATTR.lastIndex;
      }
      while (j < text.length && /\s/.test(text[j])) j++;
      const selfClosing = text.startsWith('/>', j);
      if (!selfClosing && text[j] !== '>') return stop(`malformed start tag <${m[0]}>`);
      if (++count > limits.maxElements) return stop(`more than ${limits.maxElements} elements; the rest is not read`);
      if (stack.length >= limits.maxDepth) return stop(`elements nested deeper than ${limits.maxDepth}; the rest is not read`);
      const el: XmlElement = { name: localName(m[0]), attributes, children: [], text: '', position: start };
      if (stack.length > 0) stack[stack.length - 1].children.push(el);
      else if (root === null) root = el;
      else return stop('a second root element');
      if (!selfClosing) stack.push(el);
      i = j + (selfClosing ? 2 : 1);
    }
  }
  if (stack.length > 0) problems.push({ position: text.length, message: `document ends inside <${stack[stack.length - 1].name}>` });
  return { root, problems };
}

/** Direct children named `name` (case-sensitive, as XML is). */
export function childrenNamed(el: XmlElement | null | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

export function child(el: XmlElement | null | undefined, name: string): XmlElement | null {
  return el?.children.find((c) => c.name === name) ?? null;
}

/** Trimmed text of the child `name`, or undefined when absent. */
export function childText(el: XmlElement | null | undefined, name: string): string | undefined {
  const c = child(el, name);
  return c ? c.text.trim() : undefined;
}
