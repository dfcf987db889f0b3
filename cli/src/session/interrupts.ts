// Ctrl-C while a command that talks to a tenant runs: the step under way is cancelled through its AbortSignal
// (a read stops; a POST under way is read back by the send flow; apply stops between apps); with no step under
// way, the command stops at once. A third Ctrl-C stops it whatever it does. Also the one confirmation prompt
// (send's and apply's), where Ctrl-C is a no.
import { createInterface } from 'node:readline/promises';
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
  private async prompt(answer: Promise<string>): Promise<string | undefined> {
    try {
      return await answer;
    } catch (error) {
      if ((error as Error).name === 'AbortError') return undefined;
      throw error;
    }
  }

  /**
   * Asks `question` (which ends with "Type yes to …: ") on the terminal: true only for "yes". Without a terminal,
   * for any other answer, or on Ctrl-C at the prompt it is a no, said as `declined` ("Not sent").
   */
  async confirm(question: string, declined: string): Promise<boolean> {
    if (!process.stdin.isTTY || !process.stderr.isTTY) {
      process.stderr.write(`${declined}: confirm with --yes (there is no terminal to ask).\n`);
      return false;
    }
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const asked = new AbortController();
    rl.on('SIGINT', () => asked.abort());
    try {
      const answer = await this.prompt(rl.question(question, { signal: asked.signal }));
      const confirmed = answer?.trim().toLowerCase() === 'yes';
      if (!confirmed) process.stderr.write(`${declined}.\n`);
      return confirmed;
    } finally {
      rl.close();
    }
  }

  dispose(): void {
    process.off('SIGINT', this.onSigint);
  }
}
