// Ctrl-C while a command that talks to a tenant runs: the step under way is cancelled through its AbortSignal
// (a read stops; a POST under way is read back by the send flow; apply stops between apps); with no step under
// way, the command stops at once. A third Ctrl-C stops it whatever it does.
import { EXIT } from '../send/spec';

/**
 * Ctrl-C while the command runs: the step under way is cancelled (its AbortSignal); with none under way
 * (signing in), the command stops at once, nothing having been sent. A third Ctrl-C stops it whatever it does.
 */
export class Interrupts {
  private current?: AbortController;
  private count = 0;
  private readonly onSigint = () => {
    this.count++;
    if (this.current && this.count < 3) {
      process.stderr.write('\nintune-assign: interrupted; stopping the step under way...\n');
      this.current.abort(new DOMException('Interrupted (Ctrl-C).', 'AbortError'));
      return;
    }
    process.stderr.write(this.count < 3 ? '\nintune-assign: interrupted; nothing was sent.\n' : '\nintune-assign: stopped.\n');
    process.exit(EXIT.interrupted);
  };

  constructor() {
    process.on('SIGINT', this.onSigint);
  }

  async during<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.current = controller;
    try {
      return await work(controller.signal);
    } finally {
      if (this.current === controller) this.current = undefined;
    }
  }

  /** A prompt's answer; undefined when it was cancelled. */
  async prompt(answer: Promise<string>): Promise<string | undefined> {
    try {
      return await answer;
    } catch (error) {
      if ((error as Error).name === 'AbortError') return undefined;
      throw error;
    }
  }

  dispose(): void {
    process.off('SIGINT', this.onSigint);
  }
}
