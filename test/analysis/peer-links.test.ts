/** Fleet peer linking from small cards (linkPeerCards) finds exactly the pairs namesSelf finds host by host. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/oracles.js';
import { analyzeHosts, buildReport, linkPeerCards, peerCard, type PeerCard } from '../../src/analysis/analyze.js';
import { gatherFacts } from '../../src/facts/index.js';
import { hostView } from '../../src/report/host-view.js';
import { hostScenario } from '../helpers/rule-tester.js';
import { scenarioEvidence } from '../helpers/scenario-evidence.js';
import { healthyRdsh, server } from '../scenarios/host.js';
import { namesSelf } from '../../src/facts/licensing.js';
import type { Fact, PeerLicenseServer } from '../../src/facts/types.js';
import { xorshift32 } from '../helpers/prng.js';

const fact = (value: string): Fact<string> => ({ value, evidence: [] }) as unknown as Fact<string>;

/** The definition: every other host namesSelf accepts, in host order, for each server entry; same facts counted on the first. */
function bruteForce(cards: readonly PeerCard[]): (PeerLicenseServer[] | null)[] {
  return cards.map((own, i) => {
    if (cards.length <= 1) return null;
    const peers: PeerLicenseServer[] = [];
    for (const server of own.servers) {
      const start = peers.length;
      cards.forEach((o, j) => {
        if (j === i || !namesSelf(server, o.identity)) return;
        const same = peers.findIndex((p, k) => k >= start && p.hostname === o.hostname && p.build === o.build && p.release === o.release && p.serviceInstalled === o.serviceInstalled && p.disableWorkgroupAuthEnforcement === o.disableWorkgroupAuthEnforcement);
        if (same >= 0) peers[same] = { ...peers[same], alsoMatching: (peers[same].alsoMatching ?? 0) + 1 };
        else peers.push({ name: server, hostname: o.hostname, build: o.build, release: o.release, serviceInstalled: o.serviceInstalled, disableWorkgroupAuthEnforcement: o.disableWorkgroupAuthEnforcement, evidence: [...o.evidence] });
      });
    }
    return peers;
  });
}

describe('linkPeerCards', () => {
  it('equals namesSelf over every pair (names in any case, FQDNs, addresses, UNC, loopback, umlauts)', () => {
    const rnd = xorshift32(18);
    const pick = <T>(xs: readonly T[]) => xs[rnd() % xs.length];
    const names = ['LS01', 'ls01', 'Ls02', 'RDSH', 'rdsh', 'STRAßE', 'straße', 'Ünï', 'ÜNÏ'];
    const domains = ['corp.example', 'CORP.example', 'other.test'];
    const addresses = ['10.0.0.1', '10.0.0.2', '192.168.1.5'];
    let linked = 0;
    for (let round = 0; round < 40; round++) {
      const cards: PeerCard[] = Array.from({ length: 2 + (rnd() % 30) }, (_, k) => {
        const host = rnd() % 4 === 0 ? null : pick(names);
        const entry = () => {
          const n = pick(names);
          return pick([n, `${n}.${pick(domains)}`, `\\\\${n}`, ` ${n} `, pick(addresses), 'localhost', '127.0.0.1', `${n}.unknown`, '']);
        };
        return {
          servers: Array.from({ length: rnd() % 4 }, entry),
          identity: {
            computerName: rnd() % 3 === 0 ? null : fact(pick(names)),
            hostname: host === null ? null : fact(host),
            dnsDomain: rnd() % 2 === 0 ? null : fact(pick(domains)),
            addresses: rnd() % 2 === 0 ? [] : [fact(pick(addresses))],
          },
          hostname: `H${k % 5}`,
          build: [14393, 17763, 20348][rnd() % 3],
          release: null,
          serviceInstalled: rnd() % 2 === 0,
          disableWorkgroupAuthEnforcement: null,
          evidence: [],
        };
      });
      const got = linkPeerCards(cards);
      expect(got).toEqual(bruteForce(cards));
      linked += got.reduce((n, p) => n + (p?.length ?? 0), 0);
    }
    expect(linked).toBeGreaterThan(100);
    expect(linkPeerCards([])).toEqual([]);
  });

  it('folds hosts that answer to one entry with the same facts into one row (a fleet of copies stays linear)', () => {
    const ls = (build: number, file: string): PeerCard => ({
      servers: [],
      identity: { computerName: fact('LS01'), hostname: fact('LS01'), dnsDomain: fact('corp.example'), addresses: [] },
      hostname: 'LS01',
      build,
      release: null,
      serviceInstalled: true,
      disableWorkgroupAuthEnforcement: null,
      evidence: [{ input: file } as never],
    });
    const client: PeerCard = { ...ls(20348, 'client'), servers: ['ls01.corp.example'], identity: { computerName: fact('RDSH'), hostname: fact('RDSH'), dnsDomain: null, addresses: [] }, hostname: 'RDSH' };
    const cards = [client, ls(17763, 'a'), ls(17763, 'b'), ls(14393, 'c'), ls(17763, 'd')];
    const [peers] = linkPeerCards(cards);
    expect(peers?.map((p) => [p.build, p.alsoMatching, p.evidence])).toEqual([
      [17763, 2, [{ input: 'a' }]],
      [14393, undefined, [{ input: 'c' }]],
    ]);
    expect(peers?.[1]).not.toHaveProperty('alsoMatching');
  });

  it("a host's card holds the names it answers to as values only (a fleet keeps every card until its reports)", () => {
    const facts = gatherFacts(scenarioEvidence(hostScenario(server('ls01', { build: 20348, rdsh: false }))));
    expect(facts.identity.computerName?.evidence.length).toBeGreaterThan(0);
    const card = peerCard(facts);
    const { computerName, hostname, dnsDomain, addresses } = facts.identity;
    const values = (f: { value: string } | null) => (f ? { value: f.value } : null);
    expect(card.identity).toStrictEqual({ computerName: values(computerName), hostname: values(hostname), dnsDomain: values(dnsDomain), addresses: addresses.map(values) });
    // What the host says as a license server keeps its evidence: the peer rows show it.
    expect(card.evidence.length).toBeGreaterThan(0);
  });

  it('a report names the folded copies beside the host they stand for', () => {
    const hosts = analyzeHosts([healthyRdsh('rdsh01'), server('ls01', { build: 20348, rdsh: false }), server('ls01', { build: 20348, rdsh: false }), server('ls01', { build: 20348, rdsh: false })].map((h) => scenarioEvidence(hostScenario(h))));
    expect(hosts[0].facts.licenseServerPeers?.map((p) => [p.hostname, p.alsoMatching])).toEqual([['LS01', 2]]);
    const report = buildReport(hosts, { name: 'rdslic', version: 'test' });
    expect(JSON.stringify(hostView(report, 0))).toContain('LS01 (and 2 more analysed hosts with the same facts)');
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(ROOT, 'schema/report.schema.json'), 'utf8')));
    expect(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(true);
    const bad = JSON.parse(JSON.stringify(report));
    bad.hosts[0].facts.licenseServerPeers[0].alsoMatching = 0;
    expect(validate(bad)).toBe(false);
  });
});
