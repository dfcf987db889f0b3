// Hostile inputs found against the first release, made once for the tests and the fuzzer: documents that
// nest past the budget (openly, or behind a quote in a comment), that are too large or hold too many values
// or targets,
// and workspaces whose symbolic links fan out or whose payload-named files are FIFOs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A quote inside a comment once made the depth guard skip the brackets after it: a stack overflow. */
export const COMMENT_BYPASS = `/*"*/${'['.repeat(5620)}`;

/** Nesting far past the budget; formatting it once took 4 GB. */
export const DEEP = `{"mobileAppAssignments": ${'['.repeat(20000)}${']'.repeat(20000)}}`;

/** `{"mobileAppAssignments":[1,1,...]}` of about `bytes` characters: over the value budget past 1 MB. */
export function ones(bytes: number): string {
  return `{"mobileAppAssignments":[${'1,'.repeat(Math.max(0, Math.floor((bytes - 28) / 2)))}1]}`;
}

/**
 * A valid document of `count` assignments to as many groups: the linter compared targets pair by pair, and
 * 20,000 of them took 7 seconds (40,000, 36) before it indexed them.
 */
export function manyTargets(count: number): string {
  const guid = (i: number) => `00000000-0000-0000-0000-${i.toString(16).padStart(12, '0')}`;
  const assignments = Array.from({ length: count }, (_, i) => `{"intent": "required", "target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "${guid(i)}"}}`);
  return `{"mobileAppAssignments": [${assignments.join(',\n')}]}`;
}

/**
 * Each of `levels` folders (under `outside`) linked twice from the one before, the first twice from `from`,
 * and one real file in the last: 2 * levels links and 2^levels paths to the file, which is returned.
 */
export function linkFanOut(from: string, outside: string, levels: number, content: string): string {
  for (let i = 1; i <= levels; i++) mkdirSync(join(outside, `d${i}`), { recursive: true });
  for (let i = 0; i < levels; i++) {
    const folder = i === 0 ? from : join(outside, `d${i}`);
    symlinkSync(join(outside, `d${i + 1}`), join(folder, 'a'), 'dir');
    symlinkSync(join(outside, `d${i + 1}`), join(folder, 'b'), 'dir');
  }
  const file = join(outside, `d${levels}`, 'deep.assign.json');
  writeFileSync(file, content);
  return file;
}

/** A FIFO at `path` (a reader that opens it blocking waits for a writer forever). */
export function fifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}
