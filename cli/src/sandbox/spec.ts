// The declaration of `intune-assign sandbox`: its options and help (the control endpoints scripts may use).
import { MAX_SEEDED_APPS as MAX_APPS, MAX_SEEDED_ASSIGNMENTS as MAX_ASSIGNMENTS } from '../../../sandbox/src/seed/largeTenant';
import { type CommandSpec, UsageError } from '../options';

export const DEFAULT_SANDBOX_PORT = 8765;

export const SANDBOX: CommandSpec = {
  name: 'sandbox',
  usage: 'sandbox [--port N] [--seed FILE] [--seed-apps N [--seed-assignments N]] [--second-tenant] [--auto-approve]',
  summary: 'Run a local tenant emulator to try pull, diff and send with no tenant.',
  description: `Runs a local tenant emulator (Entra ID and Microsoft Graph on 127.0.0.1) with a seeded demo tenant, so
pull, diff and send can be tried with no tenant and no network. Point commands at it with --cloud sandbox,
and INTUNE_ASSIGN_SANDBOX_URL when it is not on the default port ${DEFAULT_SANDBOX_PORT}.`,
  groups: [
    {
      title: 'Options',
      options: [
        { name: 'port', type: 'string', value: 'N', help: `Port on 127.0.0.1 (default ${DEFAULT_SANDBOX_PORT}; 0 picks a free one).`, check: port },
        { name: 'seed', type: 'string', value: 'FILE', help: 'A JSON tenant to serve instead of the demo tenant (the shape of sandbox/src/seed/format.ts).' },
        {
          name: 'seed-apps',
          type: 'string',
          value: 'N',
          help: `Add N generated apps (up to ${MAX_APPS}) of a realistic mix of types, with deterministic ids and names: a large tenant for paging and batching.`,
          check: count('--seed-apps', MAX_APPS),
        },
        { name: 'seed-assignments', type: 'string', value: 'N', help: 'With --seed-apps: the assignments of the generated apps in all (default 2.5 per app).', check: count('--seed-assignments', MAX_ASSIGNMENTS) },
        { name: 'second-tenant', type: 'boolean', help: 'Serve the demo tenant\'s twin: the same group, filter and app names under other ids (run two sandboxes to try promotion between tenants).' },
        { name: 'auto-approve', type: 'boolean', help: 'Approve device codes at once (otherwise press Enter here, or use the device login page).' },
      ],
    },
  ],
  epilogue: `Graph (under /beta and /v1.0, for tokens of this sandbox): GET /deviceAppManagement/mobileApps[/{id}]
(1,000 a page, $expand=assignments), .../{id}/assignments, POST .../{id}/assign; GET /groups[/{id}]
($search needs ConsistencyLevel: eventual), /directory/deletedItems/microsoft.graph.group; POST
/directoryObjects/getByIds; GET /deviceManagement/assignmentFilters (beta); POST /$batch (20 requests).

Control endpoints, for scripts and demos (loopback only, JSON in and out). Each needs the header
x-sandbox-secret with the secret printed at start-up (a new one every run):
  POST /_sandbox/approve   {"userCode"?: "ABCD1234", "user"?: upn}   approve that device code (or the newest)
  POST /_sandbox/deny      {"userCode"?}                             decline it
  POST /_sandbox/throttle  {"count": 1, "status"?: 429|503|504, "retryAfter"?: "5"}
                                                                     the next COUNT Graph requests are refused so
  POST /_sandbox/claims    {"claims"?: "{...}"}                       the next Graph request gets a claims challenge
  POST /_sandbox/revoke                                              every refresh token issued so far fails
  POST /_sandbox/reset                                               the tenant back to its seed
  GET  /_sandbox/requests                                            the recorded requests (secrets redacted)
  GET  /_sandbox/state                                               the tenant's state (apps, assignments, ...)
For example: curl -X POST -H "x-sandbox-secret: $SECRET" http://127.0.0.1:${DEFAULT_SANDBOX_PORT}/_sandbox/approve

Exit codes: 0 stopped with Ctrl+C or SIGTERM, 1 could not start, 2 usage.`,
};

function port(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`--port needs a port number from 0 to 65535, not "${value}".`);
  return Number(value);
}

function count(flag: string, max: number): (value: string) => number {
  return (value) => {
    if (!/^\d{1,6}$/.test(value) || Number(value) > max) throw new UsageError(`${flag} needs a whole number from 0 to ${max}, not "${value}".`);
    return Number(value);
  };
}
