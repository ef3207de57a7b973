// Writes samples/ from test/samples/sample-set.ts (scenario hosts as real hives, a disk-image layout, .reg exports).
// usage: npm run samples
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSampleFiles } from '../test/samples/sample-set.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'samples');
rmSync(root, { recursive: true, force: true });
const files = buildSampleFiles();
for (const f of files) {
  const p = join(root, ...f.path.split('/'));
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, f.bytes);
}
writeFileSync(
  join(root, 'README.md'),
  [
    '# Sample hosts',
    '',
    'Made by `npm run samples` (scripts/build-samples.ts, test/samples/sample-set.ts) with rdslic\'s own hive writer',
    'from the scenario hosts in test/scenarios/: synthetic machines, no customer data. One folder per host;',
    '`npm start` analyses this folder into reports/. A test fails when these files differ from what the script builds.',
    '',
    '- one folder per scenario (SYSTEM, SOFTWARE, Users/<name>/NTUSER.DAT as hive files);',
    '- `grace-period-key-deleted`: the GracePeriod key and its timebomb survive only in free cells (recovered as deleted);',
    '- `rdsh-disk-image`: a disk-image layout (Windows/System32/config, Microsoft/Protect/S-1-5-18) whose SECURITY hive',
    '  and master keys let rdslic decrypt the grace-period timebomb to its exact end date;',
    '- `grace-period-expired-reg-export`: the expired host as `reg export` files (UTF-16LE) instead of hives;',
    '- `rdsh-reset120-image`: a KAPE-style image tree (`C/Windows/...`) whose task Reset120 runs C:\\Windows\\Reset120.cmd,',
    '  which imports C:\\Windows\\Reset120.reg with `regedit /s` to delete the timebomb, beside a harmless monitoring task',
    '  whose script only reads GetGracePeriodDays (followed into the image: grace-reset-script, grace-period-reset-task).',
    '',
    'Corrected after rds-licensing-audit.md (issue 14), where a sample encoded an old belief:',
    '',
    '- `avd-multisession` (new): Windows Enterprise multi-session is not an RDS CAL host, so only `multisession-host`',
    '  (info) is raised; before, every server-side licensing rule ran on it (A1, C5);',
    '- `invalid-and-aad-mode`: no `cal-version-required` any more: AAD Per User (mode 6) uses Entra ID service plans, not',
    '  CALs, and `licensing-mode-aad-per-user` now says so instead of blaming the edition (A5);',
    '- `hostile-names`: its license-server elements hold blanks and a newline, which `license-server-list-malformed` now',
    '  reports instead of silently trimming them (A7, C2);',
    '- `license-server-misconfigured`: the host is its own license server, so its ServerComponentCache now records',
    '  RDS-Licensing InstallState 1 (a service key with InstallState 0 is a removed role, C12).',
    '## Expected findings corrected (issue 14, rds-licensing-audit.md)',
    '- `insecure-listener`: no longer expects `nla-disabled` and `rdp-security-layer-legacy`: RDP is off on this host',
    '  (policy fDenyTSConnections = 1, TermService disabled), and those rules now run only while RDP is enabled (A15).',
    '- `timebomb-deleted`: its partial X509 values are now a low note: that every licensed host holds all three is',
    '  unverified (D4); the missing timebomb stays high because an X509 Certificate exists (A9).',
    '- new `never-licensed`, `grace-reset-clock`, `sealed-image`: the audit\'s configured-but-never-licensed host (C4),',
    '  the clock-moved reset with hidden notifications (C9, C10), and a licensed non-persistent image (A12, info).',
    '',
  ].join('\n'),
);
console.log(`wrote ${files.length} files under samples/`);
