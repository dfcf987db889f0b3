// Runs what the client sends so that nothing it sends can take the server down: a request handler runs on a
// turn of its own (so an edit or a cancellation already received is seen first), a failure is logged and
// answered with the empty result, and a notification handler's failure is logged. Timers are injected, so
// another runtime (or a test) can drive them.
import { CancellationToken, Disposable, LSPErrorCodes, ResponseError } from 'vscode-languageserver';

export interface Timers {
  setTimeout(callback: () => void, ms: number): Disposable;
  setImmediate(callback: () => void): Disposable;
}

export const NODE_TIMERS: Timers = {
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms);
    return { dispose: () => clearTimeout(timer) };
  },
  setImmediate(callback) {
    const timer = setImmediate(callback);
    return { dispose: () => clearImmediate(timer) };
  },
};

/** Waits for `pending`, `timeoutMs` at most; the timer is cleared either way. */
export async function waitAtMost(timers: Timers, pending: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: Disposable | undefined;
  try {
    await Promise.race([pending, new Promise<void>((resolve) => (timer = timers.setTimeout(resolve, timeoutMs)))]);
  } finally {
    timer?.dispose();
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
}

export class Runner {
  constructor(
    private readonly log: (message: string) => void,
    readonly timers: Timers = NODE_TIMERS,
  ) {}

  /** Resolves on the next turn of the event loop: messages waiting in the queue are handled meanwhile. */
  pause(): Promise<void> {
    return new Promise((resolve) => this.timers.setImmediate(resolve));
  }

  /**
   * Answers a request with `work`'s result, or `fallback` when it fails (logged), or a cancellation when the
   * client cancelled it before or while it ran.
   */
  request<T>(what: string, token: CancellationToken | undefined, fallback: T, work: () => T | Promise<T>): Promise<T | ResponseError<void>> {
    return new Promise((resolve) => {
      this.timers.setImmediate(() => {
        if (token?.isCancellationRequested) return resolve(cancelled());
        Promise.resolve()
          .then(work)
          .then(
            (result) => resolve(token?.isCancellationRequested ? cancelled() : result),
            (error: unknown) => {
              this.log(`${what} failed: ${describe(error)}`);
              resolve(fallback);
            },
          );
      });
    });
  }

  /** Handles a notification; a failure (thrown or rejected) is logged. */
  notification(what: string, work: () => void | Promise<void>): void {
    try {
      const done = work();
      if (done) done.catch((error: unknown) => this.log(`Handling ${what} failed: ${describe(error)}`));
    } catch (error) {
      this.log(`Handling ${what} failed: ${describe(error)}`);
    }
  }

  /** Starts background work (a scan, a validation) whose failure is logged rather than lost or fatal. */
  background(what: string, work: () => Promise<void>): void {
    this.notification(what, work);
  }
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}
