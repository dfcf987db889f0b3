// Helpers for command-line tests: throwaway folders of fixture files, and the built CLI run in them.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEFAULT_SEED, DELETED_GROUP } from '../../sandbox/src/seed';

export const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `intune-assign ...args` in `cwd` and collects its output. */
export function run(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A temporary folder holding `files` (path -> content); returns its path. */
export function folder(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'intune-assign-cli-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

export function remove(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

const GROUP = '4d2a8e1c-7b3f-4c55-9a61-0e8d2f6b7a10';

export const VALID = `${JSON.stringify({ mobileAppAssignments: [{ intent: 'required', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GROUP } }] }, null, 2)}\n`;
/** One error (schema: an intent Graph does not have, line 4) and one warning (odata-type-prefix, line 6). */
export const BROKEN = `{
  "mobileAppAssignments": [
    {
      "intent": "Installed",
      "target": {
        "@odata.type": "microsoft.graph.groupAssignmentTarget",
        "groupId": "${GROUP}"
      }
    }
  ]
}
`;
/** Only a warning (odata-type-prefix). */
export const WARNING_ONLY = BROKEN.replace('"Installed"', '"required"');

const FIELD_SALES = DEFAULT_SEED.groups.find((g) => g.displayName === 'Field Sales - Devices')!.id;
const IPADS = DEFAULT_SEED.filters.find((f) => f.displayName === 'iPads only')!.id;
const GONE_FILTER = 'a7c3e1f0-5b2d-4c8e-9a6f-1d2e3f4a5b99';

/** Two assignments: a deleted group with an iOS filter on Win32 settings; a group with a filter the tenant has not. */
export const TENANT_MISTAKES = `${JSON.stringify(
  {
    mobileAppAssignments: [
      {
        intent: 'required',
        target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: DELETED_GROUP, deviceAndAppManagementAssignmentFilterId: IPADS, deviceAndAppManagementAssignmentFilterType: 'include' },
        settings: { '@odata.type': '#microsoft.graph.win32LobAppAssignmentSettings', notifications: 'showAll', deliveryOptimizationPriority: 'notConfigured' },
      },
      {
        intent: 'required',
        target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: FIELD_SALES, deviceAndAppManagementAssignmentFilterId: GONE_FILTER, deviceAndAppManagementAssignmentFilterType: 'include' },
        settings: null,
      },
    ],
  },
  null,
  2,
)}\n`;
