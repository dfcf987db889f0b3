// A Graph refusal lands on the property it names (the longest name the message uses as a word, first
// occurrence), and the sandbox's sign-in page is opened on the sandbox itself, never anywhere else.
import * as assert from 'node:assert/strict';
import { browserSignInUrl, resolveCloud } from '../../graph/src/clouds';
import { locateGraphError } from '../../graph/src/errorLocation';

const TEXT = `{
  "mobileAppAssignments": [
    { "intent": "available", "target": {}, "settings": { "isRemovable": true, "uninstallOnDeviceRemoval": false } },
    { "intent": "available", "settings": { "isRemovable": false } }
  ]
}`;

describe('Graph errors in the document', () => {
  it('finds the first occurrence of the property a message names', () => {
    const found = locateGraphError(TEXT, "Property 'isRemovable' can only be set when the intent is required.");
    assert.equal(found?.property, 'isRemovable');
    assert.equal(TEXT.slice(found!.offset, found!.offset + found!.length), '"isRemovable"');
    assert.ok(found!.offset < TEXT.indexOf('"isRemovable": false'));
  });

  it('prefers the most specific name and ignores words that are only general', () => {
    assert.equal(locateGraphError(TEXT, 'uninstallOnDeviceRemoval is not valid for this target or intent')?.property, 'uninstallOnDeviceRemoval');
    assert.equal(locateGraphError(TEXT, 'The intent of the target is wrong.'), undefined);
    assert.equal(locateGraphError(TEXT, 'isRemovableX is unknown'), undefined, 'a word, not a part of one');
    assert.equal(locateGraphError('not json', 'isRemovable'), undefined);
  });
});

describe('the browser sign-in URL', () => {
  it('sends the browser to the sandbox itself for the sandbox, and leaves real clouds alone', () => {
    const sandbox = resolveCloud({ cloud: 'sandbox', sandboxUrl: 'http://127.0.0.1:9000' });
    assert.equal(
      browserSignInUrl(sandbox, 'https://sandbox-login.invalid/tenant/oauth2/v2.0/authorize?client_id=x&state=y'),
      'http://127.0.0.1:9000/tenant/oauth2/v2.0/authorize?client_id=x&state=y',
    );
    assert.equal(browserSignInUrl(sandbox, 'https://elsewhere.example/authorize'), 'https://elsewhere.example/authorize');
    const global = resolveCloud({ cloud: 'global' });
    const real = 'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?x=1';
    assert.equal(browserSignInUrl(global, real), real);
  });
});
