// A short, seeded run of the language server fuzzer (test/fuzz/), in each mode; `npm run fuzz` runs longer.
import * as assert from 'node:assert/strict';
import { describeReport, fuzz } from '../fuzz/lspFuzzer';

describe('language server fuzzing (short run)', function () {
  this.timeout(90_000); // a hang guard: each run stops itself after its actions or 25 s
  for (const mode of ['safe', 'hostile'] as const) {
    it(`answers every request of a seeded ${mode} run, edited and fresh documents agreeing`, async () => {
      const report = await fuzz({ seed: 20261, mode, actions: 250, milliseconds: 25_000 });
      console.log(describeReport(report).replace(/^/gm, '      '));
      assert.deepEqual(report.failures, []);
      assert.ok(report.actions >= 100 && report.agreements >= 4, `${report.actions} actions, ${report.agreements} agreements`);
    });
  }
});
