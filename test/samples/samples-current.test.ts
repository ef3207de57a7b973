/** samples/ is exactly what `npm run samples` builds (and the writer's output is deterministic). */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../helpers/oracles.js';
import { buildSampleFiles } from './sample-set.js';
import { filesUnder } from '../helpers/files.js';

describe('samples/', () => {
  it('holds exactly the files the sample builder makes, byte for byte (run `npm run samples` after changing scenarios)', () => {
    const dir = join(ROOT, 'samples');
    const want = buildSampleFiles();
    const have = filesUnder(dir)
      .map((p) => relative(dir, p).split('\\').join('/'))
      .filter((p) => p !== 'README.md')
      .sort();
    expect(have).toEqual(want.map((f) => f.path));
    for (const f of want) expect(Buffer.from(readFileSync(join(dir, f.path))).equals(Buffer.from(f.bytes)), f.path).toBe(true);
  });
});
