// The server's tenant source while signed out: it rests (no question, no facts) until it is due to ask again or
// is reset, which is what lets the server skip gathering a document's ids after every edit meanwhile.
import * as assert from 'node:assert/strict';
import type { TenantResolveParams } from '../../common/src/protocol';
import { Runner } from '../../server/src/runner';
import { type TenantBackend, TenantSource } from '../../server/src/tenant/source';

describe('tenant source, signed out', () => {
  it('rests until the retry interval has passed or it is reset, and asks again then', async () => {
    let now = 1_000_000;
    const asked: TenantResolveParams[] = [];
    const backend: TenantBackend = {
      resolve: (params) => {
        asked.push(params);
        return Promise.resolve({ groups: [], unavailable: 'signed-out' });
      },
      search: () => Promise.resolve({ groups: [] }),
    };
    const source = new TenantSource(backend, new Runner(() => undefined), () => undefined, () => now);
    const ids = { groups: ['00000000-0000-4000-8000-000000000001'], filters: [] };
    assert.equal(source.restingSignedOut, false);
    assert.equal((await source.resolve(ids, 5_000)).unavailable, 'signed-out');
    assert.equal(asked.length, 1);
    assert.equal(source.restingSignedOut, true);
    // Meanwhile nothing is asked, whatever the document names.
    await source.resolve(ids, 5_000);
    assert.equal(asked.length, 1);

    now += 29_000;
    assert.equal(source.restingSignedOut, true);
    now += 2_000;
    assert.equal(source.restingSignedOut, false);
    await source.resolve(ids, 5_000);
    assert.equal(asked.length, 2);
    assert.equal(source.restingSignedOut, true);

    source.reset();
    assert.equal(source.restingSignedOut, false);
    source.dispose();
  });
});
