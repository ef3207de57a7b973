/** An anomaly as one line of a warning (`dump`, `info`, `analyze`): severity, code, where, message. */
import type { Anomaly } from '../view/anomaly.js';

export function formatAnomaly(a: Anomaly): string {
  const where = a.offset !== undefined ? ` @0x${a.offset.toString(16)}` : a.line !== undefined ? ` line ${a.line}${a.column ? `:${a.column}` : ''}` : '';
  return `[${a.severity}] ${a.code}${where}: ${a.message}`;
}
