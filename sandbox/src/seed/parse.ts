// Reads a seed from a file (`intune-assign sandbox --seed FILE`): parseSeed lists every problem with its path
// (`apps[2].assignments[0]: ...`), and seeded assignments must pass the sandbox's own judging of assign
// bodies (graph/judge.ts), so whatever the sandbox serves is a payload Graph would have accepted.
import { judgeAssignments } from '../graph/judge';
import { SandboxSeed, SeedClient, SeedError } from './format';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_PROBLEMS = 40;

/**
 * Checks a seed read from a file and returns it typed. Throws SeedError listing every problem with its path
 * (`apps[2].assignments[0]: ...`): unknown or missing properties, ids that are not GUIDs or repeat, a public
 * client with a secret, and assignments the validation core reports as errors for the app's type.
 */
export function parseSeed(value: unknown): SandboxSeed {
  const problems: string[] = [];
  const c = new Checker(problems);
  const root = c.object(value, 'seed', { tenant: true, users: true, clients: true, groups: true, filters: true, apps: true });
  if (!root) throw new SeedError(problems);

  const tenant = c.object(root.tenant, 'tenant', { id: true, domain: true, displayName: false });
  if (tenant) {
    c.guid(tenant.id, 'tenant.id');
    if (c.string(tenant.domain, 'tenant.domain') && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(tenant.domain as string)) problems.push('tenant.domain: expected a domain name such as contoso.onmicrosoft.com');
    c.optionalString(tenant.displayName, 'tenant.displayName');
  }

  const userIds = new Set<string>();
  c.array(root.users, 'users', 1)?.forEach((item, i) => {
    const p = `users[${i}]`;
    const user = c.object(item, p, { oid: true, upn: true, name: true });
    if (!user) return;
    if (c.guid(user.oid, `${p}.oid`)) c.unique(userIds, user.oid as string, `${p}.oid`);
    if (c.string(user.upn, `${p}.upn`) && !/^[^@\s]+@[^@\s]+$/.test(user.upn as string)) problems.push(`${p}.upn: expected name@domain`);
    c.string(user.name, `${p}.name`);
  });

  const clientIds = new Set<string>();
  const clients = c.array(root.clients, 'clients', 1);
  clients?.forEach((item, i) => {
    const p = `clients[${i}]`;
    const client = c.object(item, p, { clientId: true, name: true, kind: true, secret: false, certificate: false, federated: false, permissions: true, redirectUris: false, allowPublicClientFlows: false });
    if (!client) return;
    if (c.guid(client.clientId, `${p}.clientId`)) c.unique(clientIds, client.clientId as string, `${p}.clientId`);
    c.string(client.name, `${p}.name`);
    const kind = client.kind;
    if (!['public', 'secret', 'certificate', 'federated'].includes(kind as string)) problems.push(`${p}.kind: expected "public", "secret", "certificate" or "federated", got ${JSON.stringify(kind)}`);
    c.stringArray(client.permissions, `${p}.permissions`);
    if (kind === 'secret' && c.string(client.secret, `${p}.secret`, true) && (client.secret as string).length < 8) problems.push(`${p}.secret: use at least 8 characters`);
    if (kind === 'certificate' && c.string(client.certificate, `${p}.certificate`, true) && !/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(client.certificate as string)) {
      problems.push(`${p}.certificate: expected a PEM certificate (-----BEGIN CERTIFICATE-----)`);
    }
    if (kind === 'federated') {
      const f = c.object(client.federated, `${p}.federated`, { issuer: true, subject: true, audience: true });
      if (f) for (const key of ['issuer', 'subject', 'audience']) c.string(f[key], `${p}.federated.${key}`);
    }
    for (const key of ['secret', 'certificate', 'federated'] as const) {
      if (client[key] !== undefined && kind !== key) problems.push(`${p}.${key}: only a client of kind "${key}" has one`);
    }
    if (kind !== 'public' && (client.redirectUris !== undefined || client.allowPublicClientFlows !== undefined)) problems.push(`${p}: redirectUris and allowPublicClientFlows are for public clients`);
    c.stringArray(client.redirectUris, `${p}.redirectUris`, (uri, q) => {
      let url: URL | undefined;
      try {
        url = new URL(uri);
      } catch {
        // reported below
      }
      if (url?.protocol !== 'http:' || !['localhost', '127.0.0.1'].includes(url.hostname)) problems.push(`${q}: expected a loopback redirect URI such as http://localhost`);
    });
    if (client.allowPublicClientFlows !== undefined && typeof client.allowPublicClientFlows !== 'boolean') problems.push(`${p}.allowPublicClientFlows: expected true or false`);
  });
  if (clients && !clients.some((x) => (x as SeedClient)?.kind === 'public')) problems.push('clients: people need a public client to sign in with');

  const groupIds = new Set<string>();
  c.array(root.groups, 'groups')?.forEach((item, i) => {
    const p = `groups[${i}]`;
    const g = c.object(item, p, { id: true, displayName: true, kind: true, description: false, groupTypes: false, membershipRule: false, memberCount: false, deletedDateTime: false });
    if (!g) return;
    if (c.guid(g.id, `${p}.id`)) c.unique(groupIds, g.id as string, `${p}.id`);
    c.string(g.displayName, `${p}.displayName`);
    if (g.kind !== 'user' && g.kind !== 'device') problems.push(`${p}.kind: expected "user" or "device"`);
    c.optionalString(g.description, `${p}.description`);
    c.stringArray(g.groupTypes, `${p}.groupTypes`);
    if (g.membershipRule !== null) c.optionalString(g.membershipRule, `${p}.membershipRule`);
    if (g.memberCount !== undefined && (!Number.isInteger(g.memberCount) || (g.memberCount as number) < 0)) problems.push(`${p}.memberCount: expected a whole number`);
    if (g.deletedDateTime !== undefined && (typeof g.deletedDateTime !== 'string' || Number.isNaN(Date.parse(g.deletedDateTime)))) problems.push(`${p}.deletedDateTime: expected an ISO 8601 date-time`);
  });

  const filterIds = new Set<string>();
  c.array(root.filters, 'filters')?.forEach((item, i) => {
    const p = `filters[${i}]`;
    const f = c.object(item, p, { id: true, displayName: true, platform: true, rule: true, description: false, managementType: false });
    if (!f) return;
    if (c.guid(f.id, `${p}.id`)) c.unique(filterIds, f.id as string, `${p}.id`);
    c.string(f.displayName, `${p}.displayName`);
    c.string(f.platform, `${p}.platform`);
    c.string(f.rule, `${p}.rule`);
    c.optionalString(f.description, `${p}.description`);
    if (f.managementType !== undefined && f.managementType !== 'devices' && f.managementType !== 'apps') problems.push(`${p}.managementType: expected "devices" or "apps"`);
  });

  const appIds = new Set<string>();
    const appKeys = { id: true, '@odata.type': true, displayName: true, publisher: true, publishingState: true, requiresApproval: false, assignments: true, description: false, properties: false, createdDateTime: false, lastModifiedDateTime: false };
  c.array(root.apps, 'apps')?.forEach((item, i) => {
    const p = `apps[${i}]`;
    const app = c.object(item, p, appKeys);
    if (!app) return;
    if (c.guid(app.id, `${p}.id`)) c.unique(appIds, app.id as string, `${p}.id`);
    const type = app['@odata.type'];
    const typeOk = typeof type === 'string' && /^#microsoft\.graph\.[A-Za-z][A-Za-z0-9]*$/.test(type);
    if (!typeOk) problems.push(`${p}.@odata.type: expected an app type such as "#microsoft.graph.win32LobApp"`);
    c.string(app.displayName, `${p}.displayName`);
    c.string(app.publisher, `${p}.publisher`);
    if (!['published', 'processing', 'notPublished'].includes(app.publishingState as string)) problems.push(`${p}.publishingState: expected "published", "processing" or "notPublished"`);
    if (app.requiresApproval !== undefined && typeof app.requiresApproval !== 'boolean') problems.push(`${p}.requiresApproval: expected true or false`);
    c.optionalString(app.description, `${p}.description`);
    for (const key of ['createdDateTime', 'lastModifiedDateTime']) {
      if (app[key] !== undefined && (typeof app[key] !== 'string' || Number.isNaN(Date.parse(app[key] as string)))) problems.push(`${p}.${key}: expected an ISO 8601 date-time`);
    }
    if (app.properties !== undefined) {
      const properties = c.object(app.properties, `${p}.properties`);
      for (const key of Object.keys(properties ?? {})) if (key in appKeys || key.startsWith('@odata')) problems.push(`${p}.properties.${key}: set it on the app itself`);
    }
    const assignments = c.array(app.assignments, `${p}.assignments`);
    if (!assignments || !typeOk) return;
    const before = problems.length;
    assignments.forEach((a, j) => c.object(a, `${p}.assignments[${j}]`));
    if (problems.length > before) return;
    // The sandbox's own judging: an assignment Graph would refuse could never have been made.
    const refusal = judgeAssignments(assignments, 'beta');
    if (refusal) problems.push(`${p}.assignments: ${refusal.reason ?? refusal.message} (Graph would answer ${refusal.status})`);
  });

  if (problems.length) throw new SeedError(problems.length > MAX_PROBLEMS ? [...problems.slice(0, MAX_PROBLEMS), `... and ${problems.length - MAX_PROBLEMS} more`] : problems);
  return value as SandboxSeed;
}

class Checker {
  constructor(private readonly problems: string[]) {}

  /** An object; with `keys`, unknown ones are reported, and those marked true must be present. */
  object(value: unknown, path: string, keys?: Record<string, boolean>): Record<string, unknown> | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.problems.push(`${path}: expected an object`);
      return undefined;
    }
    const record = value as Record<string, unknown>;
    if (keys) {
      for (const [key, required] of Object.entries(keys)) if (required && record[key] === undefined) this.problems.push(`${path}.${key}: missing`);
      for (const key of Object.keys(record)) if (!Object.hasOwn(keys, key)) this.problems.push(`${path}.${key}: unknown property (known: ${Object.keys(keys).join(', ')})`);
    }
    return record;
  }

  array(value: unknown, path: string, min = 0): unknown[] | undefined {
    if (!Array.isArray(value)) {
      if (value !== undefined) this.problems.push(`${path}: expected an array`);
      return undefined;
    }
    if (value.length < min) this.problems.push(`${path}: expected at least ${min} item(s)`);
    return value;
  }

  string(value: unknown, path: string, required = false): boolean {
    if (typeof value === 'string' && value.length > 0) return true;
    // A missing required property of an object is reported by object(); `required` covers conditional ones.
    if (value !== undefined || required) this.problems.push(`${path}: ${value === undefined ? 'missing' : 'expected a non-empty string'}`);
    return false;
  }

  optionalString(value: unknown, path: string): void {
    if (value !== undefined && typeof value !== 'string') this.problems.push(`${path}: expected a string`);
  }

  stringArray(value: unknown, path: string, each?: (item: string, path: string) => void): void {
    if (value === undefined) return;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return void this.problems.push(`${path}: expected an array of strings`);
    value.forEach((v, i) => each?.(v as string, `${path}[${i}]`));
  }

  guid(value: unknown, path: string): boolean {
    if (typeof value === 'string' && GUID.test(value)) return true;
    // A missing one is reported by object().
    if (value !== undefined) this.problems.push(`${path}: expected a GUID (00000000-0000-0000-0000-000000000000), got ${JSON.stringify(value)}`);
    return false;
  }

  unique(seen: Set<string>, value: string, path: string): void {
    const key = value.toLowerCase();
    if (seen.has(key)) this.problems.push(`${path}: ${value} is used twice`);
    seen.add(key);
  }
}
