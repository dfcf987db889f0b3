// Worker thread of `intune-assign lint`: lints the batches of files the main thread sends and posts the
// results back. Built as its own bundle (dist/lint-worker.js).
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigLookup } from '../../../workspace/src/config';
import { lintFile, LintSettings } from './lintFile';

const settings = workerData as LintSettings;
const configs = new ConfigLookup(settings.config);
parentPort!.on('message', (batch: { id: number; files: string[] }) => {
  parentPort!.postMessage({ id: batch.id, results: batch.files.map((file) => lintFile(file, settings, configs)) });
});
