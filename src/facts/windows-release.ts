/**
 * Windows Server build → release and minimum RDS CAL generation (rds-licensing.md §2.3–§2.4, audit A2–A3). CALs
 * come in generations, not one per OS release: a 2008 R2 host takes TS 2008 CALs, a 2012 R2 host RDS 2012 CALs.
 */
import type { ServerRelease } from './types.js';

/** LTSC server builds, ascending, with their CAL generation (0 = 2008/2008 R2, 1 = 2012/2012 R2, 2 = 2016, …). */
const RELEASES: readonly { build: number; name: string; cal: string; generation: number }[] = [
  { build: 6001, name: 'Windows Server 2008', cal: 'TS/RDS 2008 or 2008 R2', generation: 0 },
  { build: 7600, name: 'Windows Server 2008 R2', cal: 'TS/RDS 2008 or 2008 R2', generation: 0 },
  { build: 9200, name: 'Windows Server 2012', cal: 'RDS 2012', generation: 1 },
  { build: 9600, name: 'Windows Server 2012 R2', cal: 'RDS 2012', generation: 1 },
  { build: 14393, name: 'Windows Server 2016', cal: 'RDS 2016', generation: 2 },
  { build: 17763, name: 'Windows Server 2019', cal: 'RDS 2019', generation: 3 },
  { build: 20348, name: 'Windows Server 2022', cal: 'RDS 2022', generation: 4 },
  { build: 26100, name: 'Windows Server 2025', cal: 'RDS 2025', generation: 5 },
];
/** Builds that are the same release as a row above (service packs, R2 SP1). */
const EXACT_ALIASES: Record<number, number> = { 6002: 6001, 6003: 6001, 7601: 7600 };

function row(build: number): (typeof RELEASES)[number] | null {
  if (!Number.isInteger(build) || build < RELEASES[0].build) return null;
  const key = EXACT_ALIASES[build] ?? build;
  let found = RELEASES[0];
  for (const r of RELEASES) if (r.build <= key) found = r;
  return found;
}

export function serverRelease(build: number): ServerRelease | null {
  const r = row(build);
  if (!r) return null;
  return { build, name: r.name, calVersion: r.cal, approximate: r.build !== (EXACT_ALIASES[build] ?? build) };
}

/**
 * CAL generation of a build, for "older than" comparisons between a license server and a host: a license server
 * holds CALs of its own generation or older. -1 before Server 2008.
 */
export function calGeneration(build: number): number {
  return row(build)?.generation ?? -1;
}
