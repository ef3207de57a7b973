/** @fileoverview An RDP listener does not listen on 3389. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'rdp-port-changed',
    title: 'RDP listener port is not 3389',
    severity: 'info',
    category: 'service',
    appliesTo: 'any',
    description: 'A WinStations listener\'s PortNumber is not 3389: clients must connect to host:port; sometimes used to hide access.',
    messages: { port: 'Listener {{name}} PortNumber is {{port}}.' },
    remediation: ['Document the port (firewall rules, client shortcuts) or restore 3389.'],
    references: [REF.changeListeningPort],
  },
  check(f, ctx) {
    for (const l of f.connection.listeners) if (l.port && l.port.value !== 3389) ctx.report({ messageId: 'port', data: { name: l.name, port: l.port.value }, evidence: l.port.evidence });
  },
};
