// `intune-assign login`, `logout` and `whoami`: a person's session kept beside the command line's token cache
// (graph/src/auth/storedSession.ts), for `intune-assign lsp` and `lint --online`. login asks only for the
// permissions reading names needs; logout removes tokens, session and names; whoami reads the kept token
// silently and says which of those permissions it carries, sending nothing to Graph.
import { DEFAULT_PUBLIC_CLIENT_ID, DEFAULT_TENANT } from '../../../graph/src/auth/signIn';
import { clearSession, readSession, sessionCredentials, sessionFiles, type SessionFiles, writeSession } from '../../../graph/src/auth/storedSession';
import { TENANT_DATA_PERMISSIONS } from '../../../graph/src/clouds';
import { SignInRequiredError } from '../../../graph/src/graphClient';
import { printable } from '../../../graph/src/log';
import { signedInTenant, tokenClaims } from '../../../graph/src/tenant/identity';
import { type ParsedCommand, UsageError } from '../options';
import { guarded } from '../send/errors';
import { EXIT } from '../send/spec';
import { Interrupts } from './interrupts';
import { openSession } from './session';
import { signInOptions } from './signInOptions';

function files(): SessionFiles {
  const found = sessionFiles();
  if (!found) throw new UsageError('INTUNE_ASSIGN_TOKEN_CACHE is "none": no session is kept. Unset it (or name a file) to use login.');
  return found;
}

export function runLogin({ values }: ParsedCommand): Promise<number> {
  return guarded(async () => {
    const signIn = signInOptions(values);
    const where = files();
    // A new login is a new session: the last one's tokens and names go first (one account in the cache).
    await clearSession(where);
    const session = openSession(signIn, 'beta', 'read', undefined, TENANT_DATA_PERMISSIONS);
    const interrupts = new Interrupts();
    try {
      await interrupts.during((signal) => session.credentials.signIn(signal));
    } finally {
      interrupts.dispose();
    }
    const account = await session.credentials.cachedAccount();
    const tenantId = (await signedInTenant(session.credentials, account?.tenantId)) ?? account?.tenantId ?? signIn.tenant ?? 'unknown';
    await writeSession(where, {
      format: 1,
      cloud: session.endpoints.cloud,
      tenant: signIn.tenant ?? DEFAULT_TENANT,
      clientId: signIn.clientId ?? DEFAULT_PUBLIC_CLIENT_ID,
      account: { username: account?.username ?? 'signed in', tenantId },
      ...(signIn.graphUrl && { graphUrl: signIn.graphUrl }),
      ...(signIn.authorityUrl && { authorityUrl: signIn.authorityUrl }),
      ...(session.sandboxUrl && { sandboxUrl: session.sandboxUrl }),
      signedInAt: new Date().toISOString(),
    });
    process.stdout.write(`Signed in as ${printable(account?.username ?? 'signed in')} in tenant ${printable(tenantId)} (${session.endpoints.cloud}).\n`);
    process.stdout.write('intune-assign lsp and lint --online now read group and filter names with this session; intune-assign logout ends it.\n');
    return EXIT.ok;
  });
}

export function runLogout(): Promise<number> {
  return guarded(async () => {
    const where = files();
    const had = await readSession(where);
    await clearSession(where);
    process.stdout.write(had ? `Signed out ${printable(had.account.username)}: the kept tokens, session and tenant names were removed.\n` : 'No session was kept; nothing to remove.\n');
    return EXIT.ok;
  });
}

export function runWhoami(): Promise<number> {
  return guarded(async () => {
    const where = files();
    const session = await readSession(where);
    if (!session) {
      process.stderr.write('intune-assign: not signed in: run intune-assign login.\n');
      return EXIT.signIn;
    }
    const lines = [
      `${printable(session.account.username)}`,
      `  tenant     ${printable(session.account.tenantId)} (${session.cloud}${session.sandboxUrl ? ` at ${session.sandboxUrl}` : ''})`,
      `  client id  ${printable(session.clientId)}`,
      `  since      ${printable(session.signedInAt)}`,
      `  kept in    ${where.tokenCache} (with ${where.session} and ${where.directory})`,
    ];
    let token: string;
    try {
      token = await sessionCredentials(where, session).silentTokens(TENANT_DATA_PERMISSIONS).getToken();
    } catch (error) {
      if (!(error instanceof SignInRequiredError)) throw error;
      process.stdout.write(`${lines.join('\n')}\n  session    needs a new sign-in: run intune-assign login\n`);
      return EXIT.signIn;
    }
    const held = permissionsOf(token);
    const needed = held ? TENANT_DATA_PERMISSIONS.map((p) => `${p} ${held.has(p.toLowerCase()) ? 'yes' : 'no'}`).join(', ') : 'not shown by the token';
    process.stdout.write(`${lines.join('\n')}\n  session    valid (a token without signing in)\n  names      ${needed}\n`);
    return EXIT.ok;
  });
}

/** The delegated permissions a token says it carries (its `scp` claim, read locally); undefined when opaque. */
function permissionsOf(token: string): Set<string> | undefined {
  const scp = tokenClaims(token)?.scp;
  return typeof scp === 'string' ? new Set(scp.toLowerCase().split(' ')) : undefined;
}
