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
    reads: ['system:winstations'],
    description: 'A WinStations listener\'s PortNumber is not its Windows default (3389; 3390 for the Media Center Extender listener EH-Tcp): clients must connect to host:port; sometimes used to hide access.',
    messages: { port: 'Listener {{name}} PortNumber is {{port}}.' },
    remediation: ['Document the port (firewall rules, client shortcuts) or restore 3389.'],
    references: [REF.changeListeningPort],
  },
  check(f, ctx) {
    for (const l of f.connection.listeners) if (l.port && l.port.value !== l.defaultPort) ctx.report({ messageId: 'port', data: { name: l.name, port: l.port.value }, evidence: l.port.evidence });
  },
};
