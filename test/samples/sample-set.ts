/**
 * The bundled samples/: one folder per scenario host, written as real hive files by the hive writer (so the
 * whole reader path runs on them), plus hosts that only real files can express: a deleted GracePeriod key
 * left in free cells, a full disk-image layout whose DPAPI material opens the timebomb, and .reg exports.
 * `npm run samples` writes them; a test fails when the committed files differ from what this builds.
 */
import { writeHive, type WriteHiveOptions } from '../../src/regf-writer/index.js';
import { toRegText } from '../../src/regtext/index.js';
import { TreeView, type TreeKey } from '../../src/view/tree-view.js';
import { syntheticImage } from '../dpapi/helpers/synthetic-image.js';
import { HiveBuilder } from '../scenarios/builder.js';
import { CS, IMAGE_TIME, NORMAL_GRACE_SD, RCM, server, TIMEBOMB, dpapiBlob } from '../scenarios/host.js';
import { scenarios } from '../scenarios/index.js';
import { reset120Image } from '../scenarios/tamper.js';

export interface SampleFile {
  /** Path relative to samples/, '/'-separated. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

const hive = (root: TreeKey, hiveName: string, options: WriteHiveOptions = {}) => writeHive(root, { hiveName, ...options });

function hostFiles(id: string, h: { system?: TreeKey; software?: TreeKey; users?: { user: string; root: TreeKey }[] }): SampleFile[] {
  const files: SampleFile[] = [];
  if (h.system) files.push({ path: `${id}/SYSTEM`, bytes: hive(h.system, '\\REGISTRY\\MACHINE\\SYSTEM') });
  if (h.software) files.push({ path: `${id}/SOFTWARE`, bytes: hive(h.software, '\\REGISTRY\\MACHINE\\SOFTWARE') });
  // Folder names stay portable even when a scenario's user name is hostile markup (the hive keeps it).
  for (const [i, u] of (h.users ?? []).entries()) {
    const folder = /^[A-Za-z0-9._-]{1,32}$/.test(u.user) ? u.user : `user${i + 1}`;
    files.push({ path: `${id}/Users/${folder}/NTUSER.DAT`, bytes: hive(u.root, `\\??\\C:\\Users\\${u.user}\\ntuser.dat`) });
  }
  return files;
}

/** An unlicensed RDSH whose GracePeriod key was deleted: the key and its timebomb survive in free cells. */
function deletedGracePeriod(): SampleFile[] {
  const h = server('rdsh-deleted').rcmCertificates().hives();
  const system = hive(h.system, '\\REGISTRY\\MACHINE\\SYSTEM', {
    deleted: [
      {
        parent: RCM,
        keys: [{ name: 'GracePeriod', lastWrite: new Date(IMAGE_TIME.getTime() - 20 * 86_400_000), security: NORMAL_GRACE_SD, values: [{ name: TIMEBOMB, type: 3, data: dpapiBlob() }], subkeys: [] }],
      },
    ],
  });
  return [
    { path: 'grace-period-key-deleted/SYSTEM', bytes: system },
    { path: 'grace-period-key-deleted/SOFTWARE', bytes: hive(h.software!, '\\REGISTRY\\MACHINE\\SOFTWARE') },
  ];
}

/** A disk-image layout (Windows/System32/config, Protect/S-1-5-18) whose DPAPI material opens the timebomb. */
function imageWithDpapi(): SampleFile[] {
  const end = new Date(IMAGE_TIME.getTime() + 25 * 86_400_000);
  const img = syntheticImage({ seed: 'rdslic-sample-image', end });
  // Installed 96 days before the image: the grace period started the next day and has 25 days left.
  const host = server('rdsh-image', { installed: new Date(IMAGE_TIME.getTime() - 96 * 86_400_000) }).grace(95).rcmCertificates();
  host.system.key(`${RCM}\\GracePeriod`).values = [{ name: TIMEBOMB, type: 3, data: img.input.blob }];
  for (const part of ['JD', 'Skew1', 'GBG', 'Data'] as const) host.system.key(`${CS}\\Control\\Lsa\\${part}`, { className: img.input.bootKeyClassNames[part] });
  const security = new HiveBuilder('SECURITY', IMAGE_TIME);
  security.binary('Policy\\PolEKList', '', img.input.polEKList!);
  security.binary('Policy\\Secrets\\DPAPI_SYSTEM\\CurrVal', '', img.input.dpapiSystemCurrVal);
  security.binary('Policy\\Secrets\\DPAPI_SYSTEM\\OldVal', '', img.input.dpapiSystemOldVal!);
  const h = host.hives();
  const root = 'rdsh-disk-image/Windows/System32';
  return [
    { path: `${root}/config/SYSTEM`, bytes: hive(h.system, '\\REGISTRY\\MACHINE\\SYSTEM') },
    { path: `${root}/config/SOFTWARE`, bytes: hive(h.software!, '\\REGISTRY\\MACHINE\\SOFTWARE') },
    { path: `${root}/config/SECURITY`, bytes: hive(security.root, '\\REGISTRY\\MACHINE\\SECURITY') },
    ...img.input.masterKeyFiles.map((f) => ({ path: `${root}/Microsoft/Protect/${f.name}`, bytes: f.bytes })),
  ];
}

/** The expired-grace host again, as `reg export` output (UTF-16LE with BOM) instead of hive files. */
function regExports(): SampleFile[] {
  const s = scenarios.find((x) => x.id === 'grace-period-expired')!;
  const reg = (root: TreeKey, prefix: string) => toRegText(new TreeView(root, 'reg', { lastWrite: false, security: false, className: false }), prefix);
  return [
    { path: 'grace-period-expired-reg-export/SYSTEM.reg', bytes: reg(s.hives.system!, 'HKEY_LOCAL_MACHINE\\SYSTEM') },
    { path: 'grace-period-expired-reg-export/SOFTWARE.reg', bytes: reg(s.hives.software!, 'HKEY_LOCAL_MACHINE\\SOFTWARE') },
  ];
}

export function buildSampleFiles(): SampleFile[] {
  // Scenarios whose state only a reader can have (dirty flags, logs, damage) are covered by their own samples.
  const plain = scenarios.filter((s) => !s.inputState);
  return [...plain.flatMap((s) => hostFiles(s.id, s.hives)), ...deletedGracePeriod(), ...imageWithDpapi(), ...reset120Image('rdsh-reset120-image'), ...regExports()].sort((a, b) => (a.path < b.path ? -1 : 1));
}
