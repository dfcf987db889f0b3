// What every benchmark script shares: the project's root, the `--name=value` flags, percentiles, the Graph
// requests a sandbox saw since a point, and keeping the raw numbers in bench-results/<kind>-<timestamp>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The `--name=value` (or bare `--name`) flags after the script's name. */
export function flags(argv = process.argv.slice(2)) {
  return new Map(argv.map((a) => a.replace(/^--/, '').split('=')));
}

/** The p-th percentile (0-100) of `values`, interpolated between ranks; NaN when there are none. */
export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export const median = (values) => percentile(values, 50);

/** The Graph requests (not sign-in) a sandbox recorded after the first `since`. */
export function graphRequestsSince(sandbox, since) {
  return sandbox.requests.slice(since).filter((r) => /^\/(beta|v1\.0)\//.test(r.path));
}

/** Writes `data` to bench-results/<kind>-<timestamp>.json and returns the file's path. */
export function keepResults(kind, data) {
  const dir = join(ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${kind}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
