// The threads of `intune-assign lint`: worker threads lint batches of files alongside the main thread (which
// also takes their results and writes the report), and every result is emitted in file order. Workers are
// started before the files are found, so their start-up (some 40 ms: a bundle and the type map to load)
// overlaps the walk; when too few files turn up they are stopped unused. A worker that fails hands its batch
// back to the main thread, so every file gets a result whatever happens to a thread.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ConfigLookup } from '../../../workspace/src/config';
import { lintFile, type LintResult, type LintSettings } from './lintFile';

const BATCH = 64;
/** Below this many files, worker threads cost more than they save. */
export const PARALLEL_THRESHOLD = 1000;
/**
 * With fewer cores, `auto` starts no worker: on 2 cores a worker's own start-up (a bundle, the type map, a
 * second JIT warm-up) was measured to cost more than it saves, and much more when other work shares the cores.
 */
export const PARALLEL_MIN_CORES = 4;
const MAX_THREADS = 16;

/** The threads `auto` uses on this machine: one per core where there are enough cores, else 1. */
export function autoThreads(): number {
  const cores = availableParallelism();
  return cores >= PARALLEL_MIN_CORES ? cores : 1;
}

export class LintPool {
  private readonly workers: Worker[];

  /** `threads` in all, the main one included (default autoThreads()); 1 starts none. */
  constructor(
    private readonly settings: LintSettings,
    private readonly configs: ConfigLookup,
    threads: number | undefined,
  ) {
    const helpers = Math.min(threads ?? autoThreads(), MAX_THREADS) - 1;
    this.workers = Array.from({ length: Math.max(0, helpers) }, () => new Worker(join(__dirname, 'lint-worker.js'), { workerData: settings }));
    // An idle worker must not keep the process alive if the command ends early (a usage error).
    for (const worker of this.workers) worker.unref();
  }

  /** Stops the workers (they are not needed, or the run is over). */
  close(): void {
    for (const worker of this.workers) void worker.terminate();
  }

  /** Lints `files`, calling `emit` for each result in file order; stops the workers when done. */
  async run(files: string[], emit: (r: LintResult) => void, useWorkers = files.length >= PARALLEL_THRESHOLD): Promise<void> {
    const batches = Math.ceil(files.length / BATCH);
    const workers = useWorkers ? this.workers.slice(0, Math.max(0, batches - 1)) : [];
    for (const worker of this.workers) if (!workers.includes(worker)) void worker.terminate();
    if (!workers.length) {
      for (const file of files) emit(lintFile(file, this.settings, this.configs));
      return;
    }
    const done = new Map<number, LintResult[]>();
    /** Batches handed back by a worker that stopped, for the main thread. */
    const orphans: number[] = [];
    let nextBatch = 0;
    let nextToEmit = 0;
    const batch = (id: number) => files.slice(id * BATCH, (id + 1) * BATCH);
    await new Promise<void>((resolveAll) => {
      const flush = () => {
        // Results leave in file order; a batch that finishes early waits here, so memory stays bounded by
        // the batches in flight.
        while (done.has(nextToEmit)) {
          for (const r of done.get(nextToEmit)!) emit(r);
          done.delete(nextToEmit++);
        }
        if (nextToEmit === batches) resolveAll();
      };
      // The main thread lints a batch per turn of the event loop, so the workers' results are taken between.
      const mainTurn = () => {
        const id = orphans.shift() ?? (nextBatch < batches ? nextBatch++ : undefined);
        if (id === undefined) return;
        done.set(id, batch(id).map((file) => lintFile(file, this.settings, this.configs)));
        flush();
        setImmediate(mainTurn);
      };
      for (const worker of workers) {
        let current: number | undefined;
        const give = () => {
          current = nextBatch < batches ? nextBatch++ : undefined;
          if (current === undefined) void worker.terminate();
          else worker.postMessage({ id: current, files: batch(current) });
        };
        const lost = () => {
          if (current !== undefined && !done.has(current)) orphans.push(current);
          current = undefined;
          worker.removeAllListeners();
          setImmediate(mainTurn);
        };
        worker.ref();
        worker.on('message', ({ id, results }: { id: number; results: LintResult[] }) => {
          done.set(id, results);
          give();
          flush();
        });
        worker.on('error', lost);
        worker.on('exit', lost);
        give();
      }
      setImmediate(mainTurn);
    });
  }
}
