/**
 * Just enough of VQL to check artifacts without a Velociraptor binary: a tokenizer, the calls a query makes with
 * their named arguments, and an evaluator for list/string expressions (`[a, "b"] + X.Col`). Not a VQL engine.
 */
export type Token = { readonly kind: 'ident' | 'string' | 'number' | 'punct'; readonly text: string; readonly value?: string };

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const rest = src.slice(i);
    if (/\s/.test(c)) i++;
    else if (rest.startsWith('--') || rest.startsWith('//')) i = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
    else if (rest.startsWith("'''")) {
      const end = src.indexOf("'''", i + 3);
      if (end < 0) throw new Error(`unterminated ''' string at ${i}`);
      out.push({ kind: 'string', text: src.slice(i, end + 3), value: src.slice(i + 3, end) });
      i = end + 3;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) {
          const n = src[j + 1];
          value += n === 'n' ? '\n' : n === 't' ? '\t' : n;
          j += 2;
        } else value += src[j++];
      }
      if (j >= src.length) throw new Error(`unterminated string at ${i}`);
      out.push({ kind: 'string', text: src.slice(i, j + 1), value });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*/.exec(rest)!;
      out.push({ kind: 'ident', text: m[0] });
      i += m[0].length;
    } else if (/\d/.test(c)) {
      const m = /^\d+(\.\d+)?/.exec(rest)!;
      out.push({ kind: 'number', text: m[0] });
      i += m[0].length;
    } else {
      const two = rest.slice(0, 2);
      const p = ['<=', '>=', '==', '!=', '=~'].includes(two) ? two : c;
      out.push({ kind: 'punct', text: p });
      i += p.length;
    }
  }
  return out;
}

const KEYWORDS = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'AS', 'LET', 'GROUP', 'BY', 'ORDER', 'LIMIT', 'DESC', 'EXPLAIN']);

export interface Call {
  readonly name: string;
  readonly args: string[];
}

/** Every `name(…)` call with the names of its top-level named arguments (`f(a=1, b=g(c=2))` → f[a,b], g[c]). */
export function calls(tokens: readonly Token[]): Call[] {
  const out: Call[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'ident' || tokens[i + 1].text !== '(' || KEYWORDS.has(t.text.toUpperCase())) continue;
    const args: string[] = [];
    let depth = 0;
    for (let j = i + 1; j < tokens.length; j++) {
      const x = tokens[j].text;
      if (x === '(' || x === '[' || x === '{') depth++;
      else if (x === ')' || x === ']' || x === '}') {
        depth--;
        if (depth === 0) break;
      } else if (depth === 1 && (tokens[j - 1].text === '(' || tokens[j - 1].text === ',') && tokens[j].kind === 'ident' && tokens[j + 1]?.text === '=') {
        args.push(x);
      }
    }
    out.push({ name: t.text, args });
  }
  return out;
}

export type Value = string | string[];

/** Evaluates `term (+ term)*` where a term is a string, a variable or a list of expressions. */
export function evaluate(tokens: readonly Token[], env: Readonly<Record<string, Value>>): Value {
  let pos = 0;
  const expr = (): Value => {
    let v = term();
    while (tokens[pos]?.text === '+') {
      pos++;
      const w = term();
      if (Array.isArray(v) && Array.isArray(w)) v = [...v, ...w];
      else if (typeof v === 'string' && typeof w === 'string') v = v + w;
      else throw new Error('cannot add a list and a string');
    }
    return v;
  };
  const term = (): Value => {
    const t = tokens[pos++];
    if (!t) throw new Error('unexpected end of expression');
    if (t.kind === 'string') return t.value!;
    if (t.kind === 'ident') {
      if (!(t.text in env)) throw new Error(`unknown variable ${t.text}`);
      return env[t.text];
    }
    if (t.text === '[') {
      const items: string[] = [];
      while (tokens[pos]?.text !== ']') {
        const v = expr();
        if (Array.isArray(v)) throw new Error('nested list');
        items.push(v);
        if (tokens[pos]?.text === ',') pos++;
      }
      pos++;
      return items;
    }
    throw new Error(`unexpected ${t.text}`);
  };
  const v = expr();
  if (pos !== tokens.length) throw new Error(`trailing tokens from ${tokens[pos].text}`);
  return v;
}
