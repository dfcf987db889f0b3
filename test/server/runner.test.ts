// The runner: no handler can take the server down, a cancelled request is answered as cancelled, and its
// timers are the ones it is given.
import * as assert from 'node:assert/strict';
import { CancellationTokenSource, Disposable, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { Runner, Timers } from '../../server/src/runner';

/** Timers run by hand: nothing happens until the test says so. */
function manualTimers(): Timers & { run(): void; pending: number } {
  const queue: (() => void)[] = [];
  const add = (callback: () => void): Disposable => {
    queue.push(callback);
    return { dispose: () => queue.splice(queue.indexOf(callback), 1) };
  };
  return {
    setTimeout: (callback) => add(callback),
    setImmediate: (callback) => add(callback),
    run: () => {
      while (queue.length) queue.shift()!();
    },
    get pending() {
      return queue.length;
    },
  };
}

describe('runner', () => {
  it('answers the fallback when a handler throws or rejects, and logs why', async () => {
    const logged: string[] = [];
    const timers = manualTimers();
    const runner = new Runner((m) => logged.push(m), timers);
    const thrown = runner.request('Completion', undefined, 'empty', () => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    const rejected = runner.request('Hover', undefined, null, () => Promise.reject(new Error('boom')));
    assert.equal(timers.pending, 2, 'handlers wait for their own turn');
    timers.run();
    assert.equal(await thrown, 'empty');
    assert.equal(await rejected, null);
    assert.match(logged[0], /^Completion failed: Maximum call stack size exceeded/);
    assert.match(logged[1], /^Hover failed: boom/);
    runner.notification('change', () => {
      throw new Error('bad change');
    });
    runner.background('scan', () => Promise.reject(new Error('bad scan')));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(logged.slice(2).map((m) => m.split('\n')[0]), ['Handling change failed: bad change', 'Handling scan failed: bad scan']);
  });

  it('answers a request cancelled while it waited as cancelled, without running it', async () => {
    const timers = manualTimers();
    const runner = new Runner(() => undefined, timers);
    const source = new CancellationTokenSource();
    let ran = false;
    const answer = runner.request('Completion', source.token, null, () => (ran = true));
    source.cancel();
    timers.run();
    const result = await answer;
    assert.ok(result instanceof ResponseError);
    assert.equal(result.code, LSPErrorCodes.RequestCancelled);
    assert.equal(ran, false);
  });
});
