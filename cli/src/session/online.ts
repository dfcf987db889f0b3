// `intune-assign lint --online`: the tenant's facts for the files linted, read before any is checked. Every
// group and filter id of every file is gathered first and resolved at once (getByIds, 1,000 ids a request; the
// filters listed once), with the sign-in options given, else the kept session of `intune-assign login`. Without
// --online this file is never loaded: lint then sends nothing anywhere.
import { AssignDocument, tenantIdsOf, type TenantFacts } from '../../../core/src';
import { readSession, sessionDirectory, sessionFiles } from '../../../graph/src/auth/storedSession';
import type { TenantResolveResult } from '../../../common/src/protocol';
import { GraphError } from '../../../graph/src/graphClient';
import { printable, redact } from '../../../graph/src/log';
import { answerResolve } from '../../../graph/src/tenant/answers';
import type { TenantDirectory } from '../../../graph/src/tenant/directory';
import { unavailableText } from '../../../common/src/tenant';
import { readText } from '../../../workspace/src/files';
import { type ParsedValues, UsageError } from '../options';
import { openSession, sessionTenant } from './session';
import { signInOptions } from './signInOptions';

/** Options that mean "sign in like this" rather than "use the kept session". */
const SIGN_IN_FLAGS = ['tenant', 'client-id', 'device-code', 'client-secret-env', 'certificate', 'client-assertion-file', 'access-token-env', 'graph-url', 'authority-url'];

/** The tenant could not be read for lint --online: exit 2, nothing reported as checked. */
export class OnlineUnavailable extends Error {}

export async function onlineFacts(files: string[], values: ParsedValues): Promise<TenantFacts> {
  const groups = new Set<string>();
  const filters = new Set<string>();
  for (const file of files) {
    const read = readText(file);
    if ('error' in read) continue; // reported as the file's own result
    const ids = tenantIdsOf(AssignDocument.parse(read.text));
    for (const id of ids.groups) groups.add(id);
    for (const id of ids.filters) filters.add(id);
  }
  const facts: TenantFacts = { groups: new Map(), filters: new Map() };
  if (!groups.size && !filters.size) return facts;
  let answer: TenantResolveResult;
  let who: string;
  try {
    const connected = await connect(values);
    who = connected.who;
    answer = await answerResolve(connected.directory, { groups: [...groups], filters: filters.size > 0 });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = error instanceof GraphError ? error.describe() : error instanceof Error ? error.message : String(error);
    throw new OnlineUnavailable(`lint --online cannot check ids against the tenant: ${printable(redact(message))}`);
  }
  if (answer.unavailable) {
    const hint = answer.unavailable === 'signed-out' ? ' Run intune-assign login again, or pass sign-in options.' : '';
    throw new OnlineUnavailable(`lint --online cannot check ids against the tenant: ${unavailableText(answer.unavailable)}.${hint}`);
  }
  const known = new Map(answer.groups.map((g) => [g.id, g.group]));
  const listed = new Map((answer.filters?.list ?? []).map((f) => [f.id.toLowerCase(), f]));
  const result: TenantFacts = {
    groups: new Map([...groups].filter((id) => known.has(id)).map((id) => [id, known.get(id) ?? null])),
    filters: new Map([...filters].map((id) => [id, listed.get(id) ?? null])),
  };
  process.stderr.write(`intune-assign lint: ${groups.size} group id(s) and ${filters.size} filter id(s) checked against ${printable(who)}.\n`);
  return result;
}

async function connect(values: ParsedValues): Promise<{ directory: TenantDirectory; who: string }> {
  if (SIGN_IN_FLAGS.some((flag) => values[flag] !== undefined)) {
    const session = openSession(signInOptions(values), 'beta', 'read');
    const { tenantId, signedIn, directory } = await sessionTenant(session);
    return { directory, who: `tenant ${tenantId} (${signedIn.username ?? signedIn.flow}, ${session.endpoints.cloud})` };
  }
  const files = sessionFiles();
  const session = files && (await readSession(files));
  if (!files || !session) {
    throw new UsageError('lint --online needs a tenant: run intune-assign login first, or pass sign-in options (in CI: --tenant, --client-id and --client-secret-env, --certificate or --client-assertion-file).');
  }
  // Read afresh: CI relies on what the tenant has now, not on names cached earlier.
  return { directory: sessionDirectory(files, session, { store: false }), who: `tenant ${session.account.tenantId} (${session.account.username}, ${session.cloud})` };
}
