/** Fleet peer linking from small cards (linkPeerCards) finds exactly the pairs namesSelf finds host by host. */
import { describe, expect, it } from 'vitest';
import { linkPeerCards, type PeerCard } from '../../src/analysis/analyze.js';
import { namesSelf } from '../../src/facts/licensing.js';
import type { Fact, PeerLicenseServer } from '../../src/facts/types.js';
import { xorshift32 } from '../helpers/prng.js';

const fact = (value: string): Fact<string> => ({ value, evidence: [] }) as unknown as Fact<string>;

/** The definition: every other host namesSelf accepts, in host order, for each server entry. */
function bruteForce(cards: readonly PeerCard[]): (PeerLicenseServer[] | null)[] {
  return cards.map((own, i) => {
    if (cards.length <= 1) return null;
    const peers: PeerLicenseServer[] = [];
    for (const server of own.servers)
      cards.forEach((o, j) => {
        if (j !== i && namesSelf(server, o.identity))
          peers.push({ name: server, hostname: o.hostname, build: o.build, release: o.release, serviceInstalled: o.serviceInstalled, disableWorkgroupAuthEnforcement: o.disableWorkgroupAuthEnforcement, evidence: [...o.evidence] });
      });
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
          hostname: `H${k}`,
          build: rnd() % 20000,
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
});
