// One count of lines for the send refusal (graph/src/send.ts) and lint (cli/src/lint): on a file whose lines end
// in a lone "\r" (classic Mac), both name the line an editor shows, and the same one.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineStarts, position } from '../../common/src/text';
import { lintFile } from '../../cli/src/lint/lintFile';
import { sendOptions, validateText } from '../../graph/src/send';
import { ConfigLookup } from '../../workspace/src/config';

const LINES = ['{', '  "mobileAppAssignments": [', '    {', '      "intent": "Installed",', '      "target": { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget" }', '    }', '  ]', '}', ''];

describe('line positions', () => {
  it('count "\\r\\n", "\\n" and a lone "\\r" as one line break each', () => {
    const starts = lineStarts('a\r\nb\nc\rd');
    assert.deepEqual(starts, [0, 3, 5, 7]);
    assert.deepEqual(position(starts, 0), { line: 0, character: 0 });
    assert.deepEqual(position(starts, 4), { line: 1, character: 1 });
    assert.deepEqual(position(starts, 8), { line: 3, character: 1 });
  });

  it('send and lint name the same line of a file whose lines end in a lone "\\r"', () => {
    const text = LINES.join('\r');
    const dir = mkdtempSync(join(tmpdir(), 'intune-assign-lines-'));
    try {
      const file = join(dir, 'cr.assign.json');
      writeFileSync(file, text);
      const base = { graphVersion: 'beta', cloud: 'global' } as const;
      const sent = validateText(text, sendOptions(base));
      const linted = lintFile(file, { base, forced: {}, quiet: true }, new ConfigLookup());
      const refusal = sent.problems.find((p) => p.severity === 'error');
      const lint = linted.messages.find((m) => m.severity === 2);
      assert.ok(refusal && lint, 'both report the invalid intent');
      assert.equal(refusal.line, 3, 'the intent is on the fourth line');
      assert.equal(refusal.rule, lint.ruleId);
      assert.equal(lint.line, refusal.line + 1, 'lint counts lines from 1');
      assert.equal(lint.column, refusal.character + 1, 'lint counts columns from 1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
