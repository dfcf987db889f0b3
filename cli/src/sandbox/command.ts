// `intune-assign sandbox`: runs the local tenant emulator in the foreground. Prints what a user needs (the Graph
// URL, the tenant, the seeded apps with their ids, types and assignment counts, the clients, groups and filters,
// how to point the command line at it, and this run's control secret with a curl example), logs one line per
// request to stderr, prints each device code and approves it when Enter is pressed on a terminal, and stops
// cleanly on Ctrl+C or SIGTERM. --seed-apps makes a large tenant; --second-tenant serves the demo tenant's twin.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DEFAULT_AUTHORITY_ORIGIN, Sandbox, SECRET_HEADER, startSandbox } from '../../../sandbox/src/sandbox';
import { DEFAULT_SEED, largeTenant, parseSeed, SandboxSeed, secondTenant, SeedError } from '../../../sandbox/src/seed';
import { helpText, parseCommand, type ParsedCommand, UsageError } from '../options';
import { DEFAULT_SANDBOX_PORT, SANDBOX } from './spec';

/** Seams for tests; the command line uses the process's own streams and signals. */
export interface SandboxIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Resolves when the sandbox should stop (default: SIGINT or SIGTERM). */
  stopSignal?: Promise<unknown>;
  /** Called once the sandbox listens. */
  onStarted?: (sandbox: Sandbox) => void;
}

const PROCESS_IO: SandboxIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };

/** The command from its arguments, parsed here (its tests drive it with their own streams). */
export async function runSandbox(args: string[], io: SandboxIo = PROCESS_IO): Promise<number | undefined> {
  let parsed;
  try {
    parsed = parseCommand(SANDBOX, args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`intune-assign sandbox: ${error.message}\n\n${helpText(SANDBOX)}`);
    return 2;
  }
  if (parsed === 'help') {
    io.stdout.write(helpText(SANDBOX));
    return 0;
  }
  return runSandboxCommand(parsed, io);
}

/** The command with its options parsed, like every other command (the command line's dispatcher parsed them). */
export async function runSandboxCommand(parsed: ParsedCommand, io: SandboxIo = PROCESS_IO): Promise<number | undefined> {
  const port = (parsed.values.port as number | undefined) ?? DEFAULT_SANDBOX_PORT;
  const seedFile = parsed.values.seed as string | undefined;
  const autoApprove = parsed.values['auto-approve'] === true;
  const seedApps = parsed.values['seed-apps'] as number | undefined;
  const seedAssignments = parsed.values['seed-assignments'] as number | undefined;
  if (seedAssignments !== undefined && seedApps === undefined) {
    io.stderr.write(`intune-assign sandbox: --seed-assignments goes with --seed-apps.\n\n${helpText(SANDBOX)}`);
    return 2;
  }
  if (seedFile && parsed.values['second-tenant'] === true) {
    io.stderr.write(`intune-assign sandbox: --second-tenant serves the demo tenant's twin; it does not go with --seed.\n\n${helpText(SANDBOX)}`);
    return 2;
  }
  let seed: SandboxSeed = parsed.values['second-tenant'] === true ? secondTenant() : DEFAULT_SEED;
  if (seedFile) {
    try {
      seed = parseSeed(JSON.parse(readFileSync(seedFile, 'utf8')) as unknown);
    } catch (error) {
      const why = error instanceof SeedError ? error.message : error instanceof SyntaxError ? `it is not JSON (${error.message})` : (error as Error).message;
      io.stderr.write(`intune-assign sandbox: cannot use the seed ${seedFile}: ${why}\n`);
      return 2;
    }
  }
  if (seedApps !== undefined) {
    try {
      seed = largeTenant(seed, { apps: seedApps, assignments: seedAssignments });
    } catch (error) {
      io.stderr.write(`intune-assign sandbox: ${(error as Error).message}\n`);
      return 2;
    }
  }

  const interactive = Boolean(io.stdin.isTTY) && !autoApprove;
  const lines: string[] = [];
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      port,
      seed,
      deviceCodeApproval: autoApprove ? 'auto' : 'manual',
      log: (line) => io.stderr.write(`[sandbox] ${line}\n`),
      onDeviceCode: (info) => {
        io.stdout.write(
          autoApprove
            ? `Device code ${info.userCode} (${info.clientName}) approved for ${seed.users[0].upn}.\n`
            : `Device code ${info.userCode} (${info.clientName}): ${interactive ? 'press Enter here to approve it, type "deny" to decline, or ' : ''}open ${info.verificationUri}.\n`,
        );
      },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr.write(`intune-assign sandbox: cannot listen on 127.0.0.1:${port}${code === 'EADDRINUSE' ? ' (in use: is another sandbox running? try --port 0)' : ''}: ${(error as Error).message}\n`);
    return 1;
  }

  const t = seed.tenant;
  const app0 = seed.apps.find((a) => a.publishingState === 'published') ?? seed.apps[0];
  const secretClient = seed.clients.find((c) => c.kind === 'secret');
  lines.push(
    `Intune Assign sandbox: a local tenant emulator on ${sandbox.url}`,
    '',
    `  Graph       ${sandbox.url}/beta  (and ${sandbox.url}/v1.0)`,
    `  Sign-in     ${sandbox.authorityOrigin}/${t.id}${sandbox.authorityOrigin === DEFAULT_AUTHORITY_ORIGIN ? ` (carried to ${sandbox.url} by --cloud sandbox; it resolves nowhere else)` : ''}`,
    `  Tenant      ${t.displayName ?? t.domain}  ${t.id}  ${t.domain}`,
    `  People      ${seed.users.map((u) => u.upn).join(', ')} (no password: the first signs in unless the device login page picks another)`,
    '',
    `Apps (${seed.apps.length}, ${seed.apps.reduce((n, a) => n + a.assignments.length, 0)} assignments):`,
    table(
      ['ID', 'TYPE', 'STATE', 'ASSIGNMENTS', 'NAME'],
      seed.apps.slice(0, MAX_LISTED).map((a) => [a.id, a['@odata.type'].replace('#microsoft.graph.', ''), a.publishingState, String(a.assignments.length), `${a.displayName}${a.requiresApproval ? '  [Multi Admin Approval]' : ''}`]),
    ),
    ...(seed.apps.length > MAX_LISTED ? [`  ... and ${seed.apps.length - MAX_LISTED} more: GET ${sandbox.url}/beta/deviceAppManagement/mobileApps`] : []),
    '',
    'Clients:',
    table(
      ['CLIENT ID', 'SIGN-IN', 'NAME', 'PERMISSIONS'],
      seed.clients.map((c) => [c.clientId, c.kind === 'public' ? 'browser, device code' : c.kind === 'secret' ? `secret "${c.secret}"` : c.kind, c.name, c.permissions.join(' ')]),
    ),
    '',
    'Groups:',
    table(
      ['ID', 'KIND', 'MEMBERS', 'NAME'],
      seed.groups.map((g) => [
        g.id,
        `${g.groupTypes?.includes('Unified') ? 'Microsoft 365' : 'security'}, ${g.membershipRule ? 'dynamic' : 'assigned'}`,
        `${g.memberCount ?? '?'} ${g.kind}s`,
        `${g.displayName}${g.deletedDateTime ? '  [deleted]' : ''}`,
      ]),
    ),
    '',
    'Assignment filters:',
    table(['ID', 'PLATFORM', 'NAME'], seed.filters.map((f) => [f.id, f.platform, f.displayName])),
    '',
    'Use it:',
    `  export INTUNE_ASSIGN_SANDBOX_URL=${sandbox.url}${sandbox.port === DEFAULT_SANDBOX_PORT ? '   # the default' : ''}`,
    `  npx intune-assign pull --cloud sandbox --device-code --app ${app0.id} -o app.assign.json`,
    ...(secretClient
      ? [`  SANDBOX_SECRET='${secretClient.secret}' npx intune-assign pull --cloud sandbox --tenant ${t.id} --client-id ${secretClient.clientId} --client-secret-env SANDBOX_SECRET --app ${app0.id}`]
      : []),
    '',
    autoApprove
      ? 'Device codes are approved at once.'
      : interactive
        ? `Device codes: press Enter here to approve the newest, or open ${sandbox.url}/devicelogin.`
        : `Device codes: open ${sandbox.url}/devicelogin, or: curl -X POST -H '${SECRET_HEADER}: ${sandbox.secret}' ${sandbox.url}/_sandbox/approve`,
    `Scripts: send the header ${SECRET_HEADER}: ${sandbox.secret}  (this run's secret; a new one every run)`,
    `  POST /_sandbox/approve, /_sandbox/deny, /_sandbox/throttle {"count":1,"status":429,"retryAfter":"5"}, /_sandbox/claims, /_sandbox/revoke, /_sandbox/reset; GET /_sandbox/requests, /_sandbox/state`,
    `  curl -H '${SECRET_HEADER}: ${sandbox.secret}' ${sandbox.url}/_sandbox/state`,
    'Ctrl+C stops the sandbox.',
    '',
  );
  io.stdout.write(lines.join('\n'));
  io.onStarted?.(sandbox);

  const terminal = interactive ? createInterface({ input: io.stdin, terminal: false }) : undefined;
  terminal?.on('line', (line) => {
    const typed = line.trim();
    if (/^(d|deny)$/i.test(typed)) {
      const code = sandbox.pendingDeviceCode();
      io.stdout.write(code && sandbox.denyDeviceCode(code) ? `Declined device code ${code}.\n` : 'No device code is waiting.\n');
      return;
    }
    const code = typed || sandbox.pendingDeviceCode();
    if (!code) return void io.stdout.write('No device code is waiting.\n');
    io.stdout.write(sandbox.approveDeviceCode(code) ? `Approved device code ${code} for ${seed.users[0].upn}.\n` : `No device code ${code} is waiting.\n`);
  });

  let onSignal: (() => void) | undefined;
  const signalled = new Promise<void>((resolve) => {
    onSignal = () => resolve();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  await Promise.race(io.stopSignal ? [signalled, io.stopSignal] : [signalled]);
  process.off('SIGINT', onSignal!);
  process.off('SIGTERM', onSignal!);
  terminal?.close();
  await sandbox.close();
  io.stdout.write('Sandbox stopped.\n');
  return 0;
}

/** Apps listed at start-up; a large tenant's others are a GET away. */
const MAX_LISTED = 50;

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => `  ${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')}`).join('\n');
}
