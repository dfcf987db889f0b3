// `intune-assign sandbox`: runs the local tenant emulator in the foreground, prints what a user needs to point
// the command line or the editor at it, logs each request to stderr, and lets a device code be approved by
// pressing Enter.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { startSandbox } from './sandbox';
import { DEFAULT_SEED, parseSeed, SANDBOX_DEMO_SECRET, SANDBOX_SECRET_CLIENT, SandboxSeed } from './seed';

export const SANDBOX_USAGE = `Usage: intune-assign sandbox [--port N] [--seed FILE] [--auto-approve]

Runs a local tenant emulator (Entra ID and Microsoft Graph on 127.0.0.1) with a seeded demo tenant, so
pull, diff and send can be tried with no tenant and no network. Point commands at it with --cloud sandbox
(and INTUNE_ASSIGN_SANDBOX_URL when it is not on the default port 8765).
  --port N          Port on 127.0.0.1 (default 8765; 0 picks a free one).
  --seed FILE       A JSON tenant to serve instead of the demo tenant.
  --auto-approve    Approve device codes at once (otherwise press Enter here, or use the device login page).
`;

export async function runSandbox(args: string[]): Promise<number | undefined> {
  let port = 8765;
  let seed: SandboxSeed = DEFAULT_SEED;
  let autoApprove = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(SANDBOX_USAGE);
      return 0;
    }
    if (arg === '--auto-approve') autoApprove = true;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg.includes('=') ? arg.split('=')[1] : args[++i];
      if (!/^\d+$/.test(value ?? '') || Number(value) > 65535) return usageError(`--port needs a port number, not "${value}".`);
      port = Number(value);
    } else if (arg === '--seed' || arg.startsWith('--seed=')) {
      const file = arg.includes('=') ? arg.slice(7) : args[++i];
      try {
        seed = parseSeed(JSON.parse(readFileSync(file, 'utf8')));
      } catch (error) {
        return usageError(`Cannot use the seed ${file}: ${(error as Error).message}`);
      }
    } else return usageError(`Unknown option ${arg}.`);
  }

  let sandbox;
  try {
    sandbox = await startSandbox({ port, seed, deviceCodeApproval: autoApprove ? 'auto' : 'manual', log: (line) => process.stderr.write(`[sandbox] ${line}\n`) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(`intune-assign sandbox: cannot listen on 127.0.0.1:${port}${code === 'EADDRINUSE' ? ' (in use: another sandbox? try --port 0)' : ''}: ${(error as Error).message}\n`);
    return 2;
  }
  const lines = [
    `Intune Assign sandbox: a local tenant on ${sandbox.url} (Graph at ${sandbox.url}/beta).`,
    `Tenant ${seed.tenant.domain} (${seed.tenant.id}).`,
    '',
    'Apps:',
    ...seed.apps.map((a) => `  ${a.id}  ${a['@odata.type'].replace('#microsoft.graph.', '').padEnd(22)} ${a.displayName}${a.publishingState !== 'published' ? ` [${a.publishingState}]` : ''}${a.requiresApproval ? ' [Multi Admin Approval]' : ''} (${a.assignments.length} assignment(s))`),
    '',
    'Groups:',
    ...seed.groups.map((g) => `  ${g.id}  ${g.kind.padEnd(6)} ${g.displayName}`),
    '',
    'Try:',
    ...(port === 8765 ? [] : [`  export INTUNE_ASSIGN_SANDBOX_URL=${sandbox.url}`]),
    `  intune-assign pull --cloud sandbox --device-code --app ${seed.apps[0].id}`,
    `  INTUNE_ASSIGN_SECRET=${SANDBOX_DEMO_SECRET} intune-assign pull --cloud sandbox --tenant ${seed.tenant.id} --client-id ${SANDBOX_SECRET_CLIENT} --client-secret-env INTUNE_ASSIGN_SECRET --app ${seed.apps[0].id}`,
    '',
    autoApprove ? 'Device codes are approved at once.' : 'When a device code is shown, press Enter here to approve it.',
    'Ctrl+C stops the sandbox.',
    '',
  ];
  process.stdout.write(lines.join('\n'));

  const terminal = process.stdin.isTTY && !autoApprove ? createInterface({ input: process.stdin }) : undefined;
  terminal?.on('line', (line) => {
    const code = line.trim() || sandbox.pendingDeviceCode();
    if (!code) return void process.stdout.write('No device code is waiting.\n');
    process.stdout.write(sandbox.approveDeviceCode(code) ? `Approved device code ${code}.\n` : `No pending device code ${code}.\n`);
  });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  terminal?.close();
  await sandbox.close();
  process.stdout.write('Sandbox stopped.\n');
  return 0;
}

function usageError(message: string): number {
  process.stderr.write(`intune-assign sandbox: ${message}\n\n${SANDBOX_USAGE}`);
  return 2;
}
