/** The V8 setting a pool run changes exists in this Node's V8 (an unknown flag is not an error, only a line on stderr). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { POOL_RUN_HEAP_GROWTH } from '../../src/node/fleet-run.js';

describe('V8 flags of a pool run', () => {
  it(`${POOL_RUN_HEAP_GROWTH.flag} is one of this V8's options, an integer defaulting to ${POOL_RUN_HEAP_GROWTH.default}`, () => {
    const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    expect(options).toContain(`${POOL_RUN_HEAP_GROWTH.flag} (`);
    expect(options).toContain(`default: ${POOL_RUN_HEAP_GROWTH.flag}=${POOL_RUN_HEAP_GROWTH.default}`);
  });

  it('setting it and setting it back prints nothing', () => {
    const { flag, percent, default: back } = POOL_RUN_HEAP_GROWTH;
    const r = spawnSync(process.execPath, ['-e', `const v8 = require('node:v8'); v8.setFlagsFromString('${flag}=${percent}'); v8.setFlagsFromString('${flag}=${back}')`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toBe('');
  });
});
