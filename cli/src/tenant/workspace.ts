// The command line's side of a workspace: the configuration (--config, else the nearest at or above the current
// folder), its bindings and their problems printed where they are (file:line:column), each bound file read with
// its own validation options, the sign-in with the tenant it reaches, and the plan (promotion by name included).
// Shared by plan and apply; nothing here prints a plan or sends anything.
import { relative, resolve } from 'node:path';
import type { GraphVersion } from '../../../common/src/constants';
import { DEFAULT_SETTINGS } from '../../../common/src/constants';
import type { RecordedNames } from '../../../core/src';
import { printable } from '../../../graph/src/log';
import { listApps } from '../../../graph/src/tenant/apps';
import type { TenantDirectory } from '../../../graph/src/tenant/directory';
import { type PlanEntry, planWorkspace, validateEntries, type WorkspacePlan } from '../../../graph/src/workspace/plan';
import { idsInUse, mapByName } from '../../../graph/src/workspace/promote';
import { loadBindings, type BoundFile } from '../../../workspace/src/bindings';
import { ConfigLookup } from '../../../workspace/src/config';
import { readText, toSlash } from '../../../workspace/src/files';
import { type ParsedValues, UsageError } from '../options';
import type { Interrupts } from '../session/interrupts';
import { openSession, type Session, sessionTenant } from '../session/session';
import { signInOptions } from '../session/signInOptions';

/** The workspace cannot be planned as it is: its problems were printed; the command exits 1, nothing sent. */
export class WorkspaceRefused extends Error {}

export interface Connected {
  session: Session;
  tenantId: string;
  /** "admin@contoso in 0c1b… (global)" */
  who: string;
  directory: TenantDirectory;
}

export interface PlannedWorkspace {
  config: string;
  names?: RecordedNames;
  plan: WorkspacePlan;
  connected: Connected;
}

export function say(text: string): void {
  process.stderr.write(`intune-assign: ${printable(text)}\n`);
}

/** The configuration the workspace commands work on. */
export function workspaceConfig(explicit: string | undefined): string {
  if (explicit) return resolve(explicit);
  const found = new ConfigLookup().configFileFor(resolve('intune-assign.assign.json'));
  if (!found) throw new UsageError('No intune-assign.config.json here or above: run intune-assign pull --all --out DIR to make a workspace, or name one with --config FILE.');
  return found;
}

export function connect(values: ParsedValues, access: 'read' | 'write', version: GraphVersion = DEFAULT_SETTINGS.graphVersion): Promise<Connected> {
  const signIn = signInOptions(values);
  const session = openSession(signIn, version, access);
  return (async () => {
    const { tenantId, signedIn, directory } = await sessionTenant(session);
    return { session, tenantId, who: `${signedIn.username ?? signedIn.flow} in ${tenantId} (${session.endpoints.cloud})`, directory };
  })();
}

/**
 * Reads the workspace, refuses what is wrong before signing in (bindings, files with errors), signs in, checks
 * the tenant, maps by name when asked, and plans. `only`: bound files to keep (others are left out).
 */
export async function planFromValues(values: ParsedValues, access: 'read' | 'write', interrupts: Interrupts, only?: string[]): Promise<PlannedWorkspace> {
  const config = workspaceConfig(values.config as string | undefined);
  const lookup = new ConfigLookup();
  const workspace = loadBindings([config], lookup);
  if (workspace.problems.length) {
    say(`The workspace configuration has ${workspace.problems.length} problem(s); nothing was ${access === 'write' ? 'sent' : 'planned'}:`);
    for (const p of workspace.problems) process.stderr.write(`  ${printable(p.config)}:${p.line}:${p.column}: ${printable(p.message)}\n`);
    throw new WorkspaceRefused();
  }
  const names = workspace.configs[0]?.config.names;
  const bindings = selectBindings(workspace.bindings, only);
  if (!bindings.length) throw new UsageError(`${config} binds no file to an app ("apps"): run intune-assign pull --all, or bind files with Bind to app… in VS Code.`);
  const signIn = signInOptions(values);
  const forced = { ...(signIn.graphVersion && { graphVersion: signIn.graphVersion }), ...(signIn.cloud && { cloud: signIn.cloud }) };
  const entries: PlanEntry[] = bindings.map((b) => {
    const read = readText(b.path);
    return {
      file: toSlash(relative(process.cwd(), b.path)) || b.file,
      appId: b.appId,
      text: 'error' in read ? { error: read.error } : read.text,
      options: lookup.optionsFor(b.path, { graphVersion: DEFAULT_SETTINGS.graphVersion, cloud: DEFAULT_SETTINGS.cloud }, forced),
    };
  });
  // Every file is checked before anything is signed in to or read.
  const { valid, invalid } = validateEntries(entries);
  if (invalid.length) {
    say(`${invalid.length} bound file(s) cannot be sent as they are; nothing was ${access === 'write' ? 'sent' : 'planned'}:`);
    for (const a of invalid) {
      process.stderr.write(`  ${printable(a.entry.file)}: ${printable('message' in a ? a.message : '')}\n`);
      for (const f of (a.state === 'invalid' ? a.findings : undefined)?.slice(0, 5) ?? []) process.stderr.write(`      ${f.rule}: ${printable(f.message)}\n`);
    }
    process.stderr.write('Run intune-assign lint on them for lines and columns.\n');
    throw new WorkspaceRefused();
  }
  const connected = await connect(values, access, entries[0].options.graphVersion);
  const mapByNameAsked = values['map-by-name'] === true;
  if (names?.tenant && names.tenant.toLowerCase() !== connected.tenantId.toLowerCase() && !mapByNameAsked) {
    say(`This workspace was read from tenant ${names.tenant}, and you are signed in to ${connected.tenantId}: its app, group and filter ids are the other tenant's. Use --map-by-name to promote it here, or sign in to ${names.tenant}.`);
    throw new WorkspaceRefused();
  }
  const plan = await interrupts.during(async (signal) => {
    let mapping;
    if (mapByNameAsked) {
      mapping = await mapByName({
        names: names ?? {},
        tenantId: connected.tenantId,
        appIds: valid.map((v) => v.entry.appId),
        ids: idsInUse(valid.flatMap((v) => v.assignments)),
        listApps: () => listApps(connected.session.client('beta'), { signal }),
        directory: connected.directory,
        signal,
      });
      if (mapping.problems.length) {
        say(`Promotion by name is refused: ${mapping.problems.length} id(s) cannot be mapped to tenant ${connected.tenantId}; nothing was sent:`);
        for (const p of mapping.problems) process.stderr.write(`  ${printable(p)}\n`);
        throw new WorkspaceRefused();
      }
    }
    return planWorkspace({ entries, client: (v) => connected.session.client(v), tenantId: connected.tenantId, mapping, signal });
  });
  return { config, names: displayNames(names, plan), plan, connected };
}

function selectBindings(bindings: BoundFile[], only: string[] | undefined): BoundFile[] {
  if (!only?.length) return bindings;
  return only.map((file) => {
    const path = resolve(file);
    const found = bindings.find((b) => b.path === path);
    if (!found) throw new UsageError(`--only ${file}: it is not bound to an app in the workspace configuration.`);
    return found;
  });
}

/** The recorded names, with the mapped ids of the signed-in tenant named too (for the plan's labels). */
function displayNames(names: RecordedNames | undefined, plan: WorkspacePlan): RecordedNames | undefined {
  if (!plan.mapping || !names) return names;
  const add = (kind: 'apps' | 'groups' | 'filters', list: { to?: string; name?: string }[]) => ({ ...names[kind], ...Object.fromEntries(list.filter((m) => m.to && m.name).map((m) => [m.to!, m.name!])) });
  return { ...names, apps: add('apps', plan.mapping.apps), groups: add('groups', plan.mapping.groups), filters: add('filters', plan.mapping.filters) };
}
