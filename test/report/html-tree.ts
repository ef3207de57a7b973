/** Small helpers over parse5's tree for the report tests. */
import { parse } from 'parse5';

export interface Node {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
  value?: string;
}

export function parseHtml(html: string): Node {
  return parse(html) as unknown as Node;
}

export function elements(root: Node, predicate: (n: Node) => boolean = () => true): Node[] {
  const out: Node[] = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.tagName && predicate(n)) out.push(n);
    if (n.childNodes) for (let i = n.childNodes.length - 1; i >= 0; i--) stack.push(n.childNodes[i]);
  }
  return out;
}

export const attr = (n: Node, name: string): string | undefined => n.attrs?.find((a) => a.name === name)?.value;

export function text(n: Node): string {
  if (n.nodeName === '#text') return n.value ?? '';
  return (n.childNodes ?? []).map(text).join('');
}

export function byId(root: Node, id: string): Node | undefined {
  return elements(root, (n) => attr(n, 'id') === id)[0];
}
