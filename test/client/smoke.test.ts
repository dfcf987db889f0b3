// Smoke test of the e2e harness: the extension under development loads in a real VS Code, activates, and
// gives *.assign.json documents the intune-assign language.
import * as assert from 'assert';
import { activateExtension, openFixture } from './helpers';

describe('e2e harness', () => {
  it('activates the extension and opens ok.assign.json as intune-assign', async () => {
    const { extension } = await activateExtension();
    const { document } = await openFixture('ok.assign.json');
    assert.strictEqual(document.languageId, 'intune-assign');
    assert.strictEqual(extension.isActive, true);
  });
});
