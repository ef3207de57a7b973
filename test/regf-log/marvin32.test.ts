import { describe, expect, it } from 'vitest';
import { marvin32 } from '../../src/regf/log/marvin32.js';

const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));

// dotnet/runtime src/libraries/Common/tests/Tests/System/MarvinTests.cs (also used by notatin and SymCrypt ports).
const SEED1 = 0x4fb61a001bdbccn;
const SEED2 = 0x804fb61a001bdbccn;
const SEED3 = 0x804fb61a801bdbccn;
const VECTORS: [bigint, string, bigint][] = [
  [SEED1, '', 0x30ed35c100cd3c7dn],
  [SEED1, 'af', 0x48e73fc77d75ddc1n],
  [SEED1, 'e70f', 0xb5f6e1fc485dbff8n],
  [SEED1, '37f495', 0xf0b07c789b8cf7e8n],
  [SEED1, '8642dc59', 0x7008f2e87e9cf556n],
  [SEED1, '153fb79826', 0xe6c08c6da2afa997n],
  [SEED1, '0932e6246c47', 0x6f04bf1a5ea24060n],
  [SEED1, 'ab427ea8d10fc7', 0xe11847e4f0678c41n],
  [SEED2, '', 0x10a9d5d3996fd65dn],
  [SEED2, 'af', 0x68201f91960ebf91n],
  [SEED2, 'e70f', 0x64b581631f6ab378n],
  [SEED2, '37f495', 0xe1f2dfa6e5131408n],
  [SEED2, '8642dc59', 0x36289d9654fb49f6n],
  [SEED2, '153fb79826', 0x0a06114b13464dbdn],
  [SEED2, '0932e6246c47', 0xd6dd5e40ad1bc2edn],
  [SEED2, 'ab427ea8d10fc7', 0xe203987dba252fb3n],
  [SEED3, '00', 0xa37fb0da2ecae06cn],
  [SEED3, 'ff', 0xfecef370701ae054n],
  [SEED3, '00ff', 0xa638e75700048880n],
  [SEED3, 'ff00', 0xbdfb46d969730e2an],
  [SEED3, 'ff00ff', 0x9d8577c0fe0d30bfn],
  [SEED3, '00ff00', 0x4f9fbdde15099497n],
  [SEED3, '00ff00ff', 0x24eaa279d9a529can],
  [SEED3, 'ff00ff00', 0xd3bec7726b057943n],
  [SEED3, 'ff00ff00ff', 0x920b62bbca3e0b72n],
  [SEED3, '00ff00ff00', 0x1d7ddf9dfdf3c1bfn],
  [SEED3, '00ff00ff00ff', 0xec21276a17e821a5n],
  [SEED3, 'ff00ff00ff00', 0x6911a53ca8c12254n],
  [SEED3, 'ff00ff00ff00ff', 0xfdfd187b1d3ce784n],
  [SEED3, '00ff00ff00ff00', 0x71876f2efb1b0ee8n],
];

describe('marvin32', () => {
  it.each(VECTORS)('seed %s data "%s"', (seed, data, expected) => {
    expect(marvin32(hex(data), seed)).toBe(expected);
  });

  it('hashes a subarray without reading outside it', () => {
    const big = hex('ffab427ea8d10fc7ff');
    expect(marvin32(big.subarray(1, 8), SEED1)).toBe(0xe11847e4f0678c41n);
  });
});
