/** `rdslic rules` (the catalog) and `rdslic explain <ruleId>` (one rule in full). */
import { ruleById, rules } from '../../rules/index.js';
import { UsageError } from '../../node/usage-error.js';

export function rulesCommand(opts: { json?: boolean }, out: (s: string) => void): void {
  if (opts.json) {
    out(JSON.stringify(rules.map((r) => ({ id: r.meta.id, severity: r.meta.severity, category: r.meta.category, appliesTo: r.meta.appliesTo, title: r.meta.title })), null, 2) + '\n');
    return;
  }
  const w = Math.max(...rules.map((r) => r.meta.id.length));
  const lines = rules.map((r) => `${r.meta.id.padEnd(w)}  ${r.meta.severity.padEnd(8)}  ${r.meta.category.padEnd(14)}  ${r.meta.title}`);
  out(`${'id'.padEnd(w)}  severity  category        title\n${lines.join('\n')}\n`);
}

export function explainCommand(id: string, opts: { json?: boolean }, out: (s: string) => void): void {
  // Ids are lowercase; what people type or copy (GRACE-PERIOD-EXPIRED, grace_period_expired) names the same rule.
  const wanted = id.trim().toLowerCase().replace(/[_\s]+/g, '-');
  const rule = ruleById(wanted);
  if (!rule) {
    const near = rules.map((r) => r.meta.id).filter((r) => r.includes(wanted) || wanted.includes(r.split('-')[0]));
    throw new UsageError(`unknown rule id "${id}"${near.length ? ` (did you mean ${near.slice(0, 3).join(', ')}?)` : ''}; \`rdslic rules\` lists them`);
  }
  const m = rule.meta;
  if (opts.json) {
    out(JSON.stringify(m, null, 2) + '\n');
    return;
  }
  const lines = [
    `${m.id} — ${m.title}`,
    `severity: ${m.severityNote ?? m.severity}; category: ${m.category}; applies to: ${m.appliesTo}`,
    '',
    m.description,
    '',
    'Reports:',
    // Placeholders as words a reader fills in, not template syntax.
    ...Object.values(m.messages).map((t) => `  - ${t.replace(/\{\{\s*(\w+)\s*\}\}/g, '<$1>')}`),
    '',
    'Remediation:',
    ...m.remediation.map((r, i) => `  ${i + 1}. ${r}`),
    '',
    'References:',
    ...m.references.map((r) => `  - ${r}`),
  ];
  out(lines.join('\n') + '\n');
}
