/** Windows Server build → release and minimum RDS CAL version (rds-licensing.md §2.3–§2.4). */
import type { ServerRelease } from './types.js';

/** LTSC server builds, ascending. SAC builds between them map to the nearest older row, marked approximate. */
const RELEASES: readonly { build: number; name: string; cal: string }[] = [
  { build: 6001, name: 'Windows Server 2008', cal: 'TS 2008' },
  { build: 7600, name: 'Windows Server 2008 R2', cal: 'RDS 2008 R2' },
  { build: 9200, name: 'Windows Server 2012', cal: 'RDS 2012' },
  { build: 9600, name: 'Windows Server 2012 R2', cal: 'RDS 2012' },
  { build: 14393, name: 'Windows Server 2016', cal: 'RDS 2016' },
  { build: 17763, name: 'Windows Server 2019', cal: 'RDS 2019' },
  { build: 20348, name: 'Windows Server 2022', cal: 'RDS 2022' },
  { build: 26100, name: 'Windows Server 2025', cal: 'RDS 2025' },
];
/** Builds that are the same release as a row above (service packs, R2 SP1). */
const EXACT_ALIASES: Record<number, number> = { 6002: 6001, 6003: 6001, 7601: 7600 };

export function serverRelease(build: number): ServerRelease | null {
  if (!Number.isInteger(build) || build < RELEASES[0].build) return null;
  const key = EXACT_ALIASES[build] ?? build;
  let row = RELEASES[0];
  for (const r of RELEASES) if (r.build <= key) row = r;
  return { build, name: row.name, calVersion: row.cal, approximate: row.build !== key };
}

/** Order of CAL versions, for "older than" comparisons between a license server and a host. */
export function releaseRank(build: number): number {
  const key = EXACT_ALIASES[build] ?? build;
  let rank = -1;
  RELEASES.forEach((r, i) => {
    if (r.build <= key) rank = i;
  });
  return rank;
}
