// `intune-assign pull --all --out DIR`: the tenant as a workspace. Every app that has assignments (all, with
// --include-unassigned) becomes DIR/<slug of its name>.assign.json, normalized as pull writes one (lint-clean),
// the names collision-safe and stable (a file already bound to the app keeps its name). The bindings, and the
// display names of the tenant, apps, groups and filters the files use, go into DIR/intune-assign.config.json,
// edited in place when it exists. A folder recorded from another tenant is refused: two tenants' ids in one
// workspace would be applied to the wrong one.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, type RecordedNames } from '../../../core/src';
import { printable } from '../../../graph/src/log';
import { toDocument } from '../../../graph/src/send';
import { readApps } from '../../../graph/src/tenant/apps';
import { DirectoryUnavailable } from '../../../graph/src/tenant/directory';
import type { Assignment } from '../../../graph/src/intuneApps';
import { namesInUse } from '../../../graph/src/workspace/promote';
import { editConfigText } from '../../../workspace/src/bindings';
import { ConfigLookup } from '../../../workspace/src/config';
import { type ParsedCommand, UsageError } from '../options';
import { Interrupts } from '../session/interrupts';
import { signInOptions } from '../session/signInOptions';
import { validationOptions } from '../send/send';
import { EXIT } from '../send/spec';
import { tenantGuarded } from './errors';
import { connect, say } from './workspace';

const MAX_SLUG = 60;
const WRITERS = 8;
/** Names Windows will not give a file, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** A file name from an app's display name: lower case letters, digits and dashes. */
export function slugOf(displayName: string, id: string): string {
  const slug = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
  if (!slug) return `app-${id.slice(0, 8).toLowerCase()}`;
  return RESERVED.test(slug) ? `${slug}-app` : slug;
}

export function runPullAll({ values }: ParsedCommand): Promise<number> {
  return tenantGuarded(async () => {
    if (values.app !== undefined) throw new UsageError('--all reads every app: leave out --app.');
    for (const flag of ['output', 'keep-computed']) if (values[flag] !== undefined) throw new UsageError(`--${flag} goes with --app, not --all.`);
    const out = values.out as string | undefined;
    if (!out) throw new UsageError('--all needs --out DIR: the folder to write the workspace to.');
    const dir = resolve(out);
    const configPath = join(dir, CONFIG_FILE_NAME);
    const existing = existsSync(configPath) ? readFileSync(configPath, 'utf8') : '';
    const loaded = existing ? new ConfigLookup().load(configPath) : undefined;
    if (loaded?.problems.length) {
      say(`${configPath} has problems; nothing was written:`);
      for (const p of loaded.problems) process.stderr.write(`  ${printable(configPath)}:${p.line}:${p.column}: ${printable(p.message)}\n`);
      return EXIT.invalid;
    }
    const version = validationOptions(signInOptions(values), join(dir, 'pulled.assign.json')).graphVersion;
    const connected = await connect(values, 'read', version);
    const recordedTenant = loaded?.config.names?.tenant;
    if (recordedTenant && recordedTenant.toLowerCase() !== connected.tenantId.toLowerCase()) {
      say(`${dir} holds a workspace of tenant ${recordedTenant}, not of ${connected.tenantId} (where you are signed in): pull into another folder.`);
      return EXIT.invalid;
    }
    const started = Date.now();
    const interrupts = new Interrupts();
    let read;
    try {
      read = await interrupts.during((signal) => readApps(connected.session.client(version), 'all', { signal }));
    } finally {
      interrupts.dispose();
    }
    const all = [...read.apps.values()].sort((a, b) => a.app.displayName.localeCompare(b.app.displayName) || a.app.id.localeCompare(b.app.id));
    const written = all.filter((a) => a.assignments.length > 0 || values['include-unassigned'] === true);
    // A file bound to the app already keeps its name; new ones take a free slug.
    const boundFile = new Map(Object.entries(loaded?.config.apps ?? {}).map(([file, appId]) => [appId.toLowerCase(), file]));
    const taken = new Set([...boundFile.values()].map((f) => f.toLowerCase()));
    const bind: Record<string, string> = {};
    const documents: [string, string][] = [];
    mkdirSync(dir, { recursive: true });
    for (const { app, assignments } of written) {
      let file = boundFile.get(app.id.toLowerCase());
      if (!file) {
        const slug = slugOf(app.displayName, app.id);
        file = `${slug}.assign.json`;
        for (let n = 2; taken.has(file.toLowerCase()); n++) file = `${slug}-${n}.assign.json`;
        taken.add(file.toLowerCase());
      }
      bind[file] = app.id;
      documents.push([join(dir, ...file.split('/')), toDocument(assignments, version)]);
    }
    await writeAll(documents);
    const names = await namesOf(connected, written.map((w) => w.assignments).flat(), version === 'beta');
    const apps = Object.fromEntries(written.map((w) => [w.app.id, w.app.displayName]));
    const base = existing || `${JSON.stringify({ graphVersion: version }, null, 2)}\n`;
    writeFileSync(configPath, editConfigText(base, { bind, names: { tenant: connected.tenantId, apps, ...names } }));
    const stale = Object.entries(loaded?.config.apps ?? {}).filter(([, appId]) => !read.apps.has(appId.toLowerCase()));
    const skipped = all.length - written.length;
    process.stderr.write(
      `Wrote ${written.length} file(s) to ${printable(dir)}${skipped ? ` (${skipped} app(s) without assignments left out: --include-unassigned writes them too)` : ''}, ` +
        `and their bindings and names to ${CONFIG_FILE_NAME}. Read ${all.length} app(s) in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
    );
    if (stale.length) say(`${stale.length} binding(s) in ${CONFIG_FILE_NAME} name apps this tenant no longer has (left as they are): ${stale.slice(0, 5).map(([f]) => f).join(', ')}${stale.length > 5 ? ', ...' : ''}`);
    return EXIT.ok;
  });
}

/** Thousands of small files: written a few at a time, so the file system's threads work side by side. */
async function writeAll(documents: [string, string][]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < documents.length) {
      const [path, text] = documents[next++];
      await writeFile(path, text);
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITERS, documents.length) }, worker));
}

/** The display names of the groups and filters the assignments name (what promotion maps by). */
async function namesOf(connected: Awaited<ReturnType<typeof connect>>, assignments: Assignment[], filters: boolean): Promise<Pick<RecordedNames, 'groups' | 'filters'>> {
  try {
    const { names, missingGroups: gone } = await namesInUse(connected.directory, assignments, filters);
    if (gone.length) say(`${gone.length} group(s) the assignments name do not exist (deleted?); their names are not recorded: ${gone.slice(0, 5).join(', ')}`);
    return names;
  } catch (error) {
    if (!(error instanceof DirectoryUnavailable)) throw error;
    say(`The names of groups and filters were not recorded (${error.message}): promotion by name will need them.`);
    return {};
  }
}
