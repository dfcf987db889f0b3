// Owns `npm run bench`: a side-by-side benchmark of our language server (dist/cli.js lsp --stdio) and VS Code's JSON
// language server (vscode-langservers-extracted) given schemas/assign.beta.schema.json, on generated *.assign.json
// documents of 1, 100 and 5,000 assignments: first diagnostics, diagnostics after an edit, completion latency and
// resident memory. Prints a table per size, checks the targets on the largest size, and writes the raw numbers to
// bench-results/lsp-<timestamp>.json. Everything runs over the servers' stdio, bounded in count and time.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUR_CLI = join(ROOT, 'dist', 'cli.js');
const PEER_PACKAGE = join(ROOT, 'node_modules', 'vscode-langservers-extracted');
const PEER_BIN = join(PEER_PACKAGE, 'bin', 'vscode-json-language-server');
const SCHEMA_FILE = join(ROOT, 'schemas', 'assign.beta.schema.json');
const SCHEMA_URI = pathToFileURL(SCHEMA_FILE).href;
const RESULTS_DIR = join(ROOT, 'bench-results');
/** Documents are never written there (unless --write-docs): the URI only has to end with .assign.json. */
const DOC_DIR_URI = pathToFileURL(join(RESULTS_DIR, 'docs')).href;
const OUR_SETTINGS = { graphVersion: 'beta', cloud: 'global' };

const TIMEOUT_MS = {
  initialize: 20_000,
  sanity: 30_000,
  firstDiagnostics: 120_000,
  edit: 30_000,
  completion: 20_000,
  shutdown: 5_000,
  exit: 3_000,
};
/** Wall-clock budget of one phase on one server; a phase that runs out stops early and says so. */
const PHASE_BUDGET_MS = { edits: 120_000, completions: 120_000 };
const TARGETS = { editP95Ms: 200, memoryMb: 150 };
const COMPLETION_KINDS = ['intent value', 'target key', 'target @odata.type value'];

// ---------------------------------------------------------------------------------------------------------------
// Command line

const HELP = `Usage: npm run bench [-- options]

Benchmarks our language server against vscode-json-language-server (with the project's JSON Schema) on generated
documents, one fresh server process per document size. Build first: node scripts/build.mjs.

Options:
  --sizes=1,100,5000     assignment counts of the generated documents (each 1..20000)
  --edits=20             edits per document (even, 2..200)
  --completions=200      completion requests per document (3..2000)
  --servers=ours,peer    which servers to run
  --peer-schema=settings how the peer learns the schema: settings (json.schemas via didChangeConfiguration)
                         or associations (json/schemaAssociations notification)
  --cpu-prof             run our server with --cpu-prof; profiles go to bench-results/prof-<timestamp>/
  --node-args="..."      extra Node.js flags for our server (e.g. --heap-prof), for profiling
  --write-docs           also write the generated documents to bench-results/docs/
  --max-minutes=20       hard limit for the whole run
  -h, --help             show this help`;

function parseOptions(argv) {
  const options = {
    sizes: [1, 100, 5000],
    edits: 20,
    completions: 200,
    servers: ['ours', 'peer'],
    peerSchema: 'settings',
    cpuProf: false,
    nodeArgs: [],
    writeDocs: false,
    maxMinutes: 20,
  };
  for (const arg of argv) {
    const [key, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const int = (min, max) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < min || n > max) fail(`${key} must be an integer from ${min} to ${max}`);
      return n;
    };
    switch (key) {
      case '-h':
      case '--help':
        console.log(HELP);
        process.exit(0);
        break;
      case '--sizes':
        options.sizes = (value ?? '').split(',').map((s) => {
          const n = Number(s);
          if (!Number.isInteger(n) || n < 1 || n > 20_000) fail('--sizes takes assignment counts from 1 to 20000');
          return n;
        });
        break;
      case '--edits':
        options.edits = int(2, 200);
        if (options.edits % 2) options.edits += 1; // an even count leaves the document valid for completion
        break;
      case '--completions':
        options.completions = int(3, 2000);
        break;
      case '--servers':
        options.servers = (value ?? '').split(',');
        if (!options.servers.length || options.servers.some((s) => s !== 'ours' && s !== 'peer')) fail('--servers takes ours, peer or ours,peer');
        break;
      case '--peer-schema':
        if (value !== 'settings' && value !== 'associations') fail('--peer-schema is settings or associations');
        options.peerSchema = value;
        break;
      case '--cpu-prof':
        options.cpuProf = true;
        break;
      case '--node-args':
        options.nodeArgs = (value ?? '').split(/\s+/).filter(Boolean);
        if (options.nodeArgs.some((a) => !a.startsWith('--'))) fail('--node-args takes Node.js flags only');
        break;
      case '--write-docs':
        options.writeDocs = true;
        break;
      case '--max-minutes':
        options.maxMinutes = int(1, 120);
        break;
      default:
        fail(`unknown option ${arg}\n\n${HELP}`);
    }
  }
  return options;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------------------
// Deterministic documents

/** A small deterministic generator (xorshift32) so every run benchmarks the same bytes. */
function randomSource(seed) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  return {
    next,
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    weighted(entries) {
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [value, w] of entries) if ((r -= w) < 0) return value;
      return entries[entries.length - 1][0];
    },
  };
}

const G = '#microsoft.graph.';

/**
 * `count` assignments that both servers accept without a single diagnostic: unique group ids (no duplicate
 * targets, no group both included and excluded), all licensed users and all devices once each, filter ids always
 * with include/exclude, isRemovable only with "required", no install-only settings on "uninstall", deadlines after
 * starts. The assignment in the middle is "required" with Win32 settings: the edits flip its intent.
 */
function generateAssignments(count, seed) {
  const rnd = randomSource(seed);
  const used = new Set();
  const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rnd.next() * 16)]).join('');
  const guid = () => {
    for (;;) {
      const id = `${hex(8)}-${hex(4)}-4${hex(3)}-${rnd.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
  const filterIds = Array.from({ length: 12 }, guid); // a tenant has a handful of filters, reused everywhere
  const vpnIds = Array.from({ length: 4 }, guid);
  let collections = 0;
  const middle = Math.floor(count / 2);

  const dateTime = (dayOffset, hour) => new Date(Date.UTC(2026, 0, 5 + dayOffset, hour)).toISOString().replace('.000Z', 'Z');
  const installTime = (withStart) => {
    const start = rnd.int(0, 120);
    const deadline = start + rnd.int(0, 21);
    const settings = { useLocalTime: rnd.chance(0.6) };
    if (withStart) settings.startDateTime = dateTime(start, rnd.pick([0, 8, 9]));
    settings.deadlineDateTime = dateTime(deadline, 18);
    return settings;
  };
  const restart = () => ({
    gracePeriodInMinutes: rnd.pick([60, 240, 720, 1440]),
    countdownDisplayBeforeRestartInMinutes: rnd.pick([5, 10, 15, 30]),
    restartNotificationSnoozeDurationInMinutes: rnd.pick([null, 60, 240]),
  });
  const boolOrNull = () => rnd.pick([true, false, null]);

  const win32 = (type, intent) => ({
    '@odata.type': `${G}${type}`,
    notifications: rnd.pick(['showAll', 'showReboot', 'hideAll']),
    deliveryOptimizationPriority: rnd.pick(['notConfigured', 'foreground']),
    installTimeSettings: intent !== 'uninstall' && rnd.chance(0.75) ? installTime(true) : null,
    restartSettings: rnd.chance(0.6) ? restart() : null,
    autoUpdateSettings: rnd.chance(0.5) ? { autoUpdateSupersededAppsState: rnd.pick(['notConfigured', 'enabled']) } : null,
  });
  const appleInstall = (intent) => ({
    isRemovable: intent === 'required' ? boolOrNull() : null,
    preventManagedAppBackup: intent === 'uninstall' ? null : boolOrNull(),
    uninstallOnDeviceRemoval: intent === 'uninstall' ? null : boolOrNull(),
  });
  const settingsMakers = {
    win32LobAppAssignmentSettings: (intent) => win32('win32LobAppAssignmentSettings', intent),
    win32CatalogAppAssignmentSettings: (intent) => win32('win32CatalogAppAssignmentSettings', intent),
    winGetAppAssignmentSettings: (intent) => ({
      '@odata.type': `${G}winGetAppAssignmentSettings`,
      notifications: rnd.pick(['showAll', 'showReboot', 'hideAll']),
      installTimeSettings: intent !== 'uninstall' && rnd.chance(0.6) ? installTime(false) : null,
      restartSettings: rnd.chance(0.5) ? restart() : null,
    }),
    windowsAutoUpdateCatalogAppAssignmentSettings: (intent) => ({
      '@odata.type': `${G}windowsAutoUpdateCatalogAppAssignmentSettings`,
      deliveryOptimizationPriority: rnd.pick(['notConfigured', 'foreground']),
      notificationType: rnd.pick(['showAll', 'showReboot', 'hideAll']),
      installTimeSettings: intent !== 'uninstall' && rnd.chance(0.7) ? installTime(true) : null,
      restartSettings: rnd.chance(0.6) ? restart() : null,
    }),
    iosVppAppAssignmentSettings: (intent) => ({
      '@odata.type': `${G}iosVppAppAssignmentSettings`,
      useDeviceLicensing: rnd.chance(0.7),
      ...appleInstall(intent),
      preventAutoAppUpdate: boolOrNull(),
      vpnConfigurationId: rnd.chance(0.2) ? rnd.pick(vpnIds) : null,
    }),
    iosLobAppAssignmentSettings: (intent) => ({
      '@odata.type': `${G}iosLobAppAssignmentSettings`,
      ...appleInstall(intent),
      vpnConfigurationId: rnd.chance(0.2) ? rnd.pick(vpnIds) : null,
    }),
    iosStoreAppAssignmentSettings: (intent) => ({
      '@odata.type': `${G}iosStoreAppAssignmentSettings`,
      ...appleInstall(intent),
      vpnConfigurationId: null,
    }),
    macOsVppAppAssignmentSettings: (intent) => {
      const { preventManagedAppBackup, uninstallOnDeviceRemoval } = appleInstall(intent);
      return {
        '@odata.type': `${G}macOsVppAppAssignmentSettings`,
        useDeviceLicensing: rnd.chance(0.5),
        preventAutoAppUpdate: boolOrNull(),
        preventManagedAppBackup,
        uninstallOnDeviceRemoval,
      };
    },
    macOsLobAppAssignmentSettings: (intent) => ({
      '@odata.type': `${G}macOsLobAppAssignmentSettings`,
      uninstallOnDeviceRemoval: intent === 'uninstall' ? null : boolOrNull(),
    }),
    androidManagedStoreAppAssignmentSettings: () => ({
      '@odata.type': `${G}androidManagedStoreAppAssignmentSettings`,
      androidManagedStoreAppTrackIds: Array.from({ length: rnd.int(0, 2) }, () => String(4699890512345678000 + rnd.int(0, 999_999))),
      autoUpdateMode: rnd.pick(['default', 'postponed', 'priority']),
    }),
    microsoftStoreForBusinessAppAssignmentSettings: () => ({
      '@odata.type': `${G}microsoftStoreForBusinessAppAssignmentSettings`,
      useDeviceContext: rnd.chance(0.5),
    }),
    windowsAppXAppAssignmentSettings: () => ({ '@odata.type': `${G}windowsAppXAppAssignmentSettings`, useDeviceContext: rnd.chance(0.5) }),
    windowsUniversalAppXAppAssignmentSettings: () => ({
      '@odata.type': `${G}windowsUniversalAppXAppAssignmentSettings`,
      useDeviceContext: rnd.chance(0.5),
    }),
  };
  const settingsWeights = [
    ['win32LobAppAssignmentSettings', 26],
    ['win32CatalogAppAssignmentSettings', 6],
    ['winGetAppAssignmentSettings', 8],
    ['windowsAutoUpdateCatalogAppAssignmentSettings', 4],
    ['iosVppAppAssignmentSettings', 14],
    ['iosLobAppAssignmentSettings', 5],
    ['iosStoreAppAssignmentSettings', 5],
    ['macOsVppAppAssignmentSettings', 5],
    ['macOsLobAppAssignmentSettings', 3],
    ['androidManagedStoreAppAssignmentSettings', 8],
    ['microsoftStoreForBusinessAppAssignmentSettings', 2],
    ['windowsAppXAppAssignmentSettings', 2],
    ['windowsUniversalAppXAppAssignmentSettings', 2],
    [null, 10],
  ];
  const filter = (target, probability) => {
    const mode = rnd.weighted([['filter', probability], ['none', 0.1], ['absent', 1 - probability - 0.1]]);
    if (mode === 'filter') {
      target.deviceAndAppManagementAssignmentFilterId = rnd.pick(filterIds);
      target.deviceAndAppManagementAssignmentFilterType = rnd.pick(['include', 'exclude']);
    } else if (mode === 'none') {
      target.deviceAndAppManagementAssignmentFilterId = null;
      target.deviceAndAppManagementAssignmentFilterType = 'none';
    }
    return target;
  };

  const assignments = [];
  for (let i = 0; i < count; i++) {
    let kind;
    if (i === middle) kind = 'edited';
    else if (count >= 3 && i === 1) kind = 'allUsers';
    else if (count >= 4 && i === 2) kind = 'allDevices';
    else kind = rnd.weighted([['group', 62], ['exclusion', 28], ['collection', 10]]);

    let intent;
    let target;
    let settingsType = rnd.weighted(settingsWeights);
    switch (kind) {
      case 'edited':
        // No filter: the target keeps properties to complete, so a one-assignment document has a key position.
        intent = 'required';
        settingsType = 'win32LobAppAssignmentSettings';
        target = { '@odata.type': `${G}groupAssignmentTarget`, groupId: guid() };
        break;
      case 'allUsers':
        intent = 'available';
        target = filter({ '@odata.type': `${G}allLicensedUsersAssignmentTarget` }, 0.5);
        break;
      case 'allDevices':
        intent = 'required';
        target = filter({ '@odata.type': `${G}allDevicesAssignmentTarget` }, 0.5);
        break;
      case 'group':
        intent = rnd.weighted([['required', 45], ['available', 35], ['uninstall', 13], ['availableWithoutEnrollment', 7]]);
        target = filter({ '@odata.type': `${G}groupAssignmentTarget`, groupId: guid() }, 0.35);
        break;
      case 'exclusion':
        intent = rnd.weighted([['required', 50], ['available', 35], ['uninstall', 15]]);
        target = { '@odata.type': `${G}exclusionGroupAssignmentTarget`, groupId: guid() };
        settingsType = null; // Intune ignores settings on exclusions; payloads send null
        break;
      case 'collection':
        intent = rnd.weighted([['required', 70], ['uninstall', 30]]);
        target = { '@odata.type': `${G}configurationManagerCollectionAssignmentTarget`, collectionId: `P01${String(++collections).padStart(5, '0')}` };
        break;
    }
    if (kind === 'edited') {
      const settings = settingsMakers.win32LobAppAssignmentSettings(intent);
      settings.installTimeSettings ??= installTime(true);
      settings.restartSettings ??= restart();
      assignments.push({ '@odata.type': `${G}mobileAppAssignment`, intent, target, settings });
    } else {
      assignments.push({ '@odata.type': `${G}mobileAppAssignment`, intent, target, settings: settingsType ? settingsMakers[settingsType](intent) : null });
    }
  }
  return { assignments, editIndex: middle };
}

/**
 * The document text (2-space JSON) plus, for each assignment, the positions the benchmark needs: its line range,
 * the intent value and, inside "target", its last key and its @odata.type value. Found by scanning the lines
 * JSON.stringify wrote, whose indentation is known: assignments at 4 spaces, their members at 6, target's at 8.
 */
function buildDocument(count, seed) {
  const { assignments, editIndex } = generateAssignments(count, seed);
  const text = `${JSON.stringify({ mobileAppAssignments: assignments }, null, 2)}\n`;
  const lines = text.split('\n');
  const info = [];
  let current;
  let inTarget = false;
  for (let line = 0; line < lines.length; line++) {
    const l = lines[line];
    if (l === '    {') {
      current = { startLine: line, endLine: -1, intent: undefined, targetKey: undefined, targetType: undefined, targetFiltered: false };
      info.push(current);
    } else if (l === '    },' || l === '    }') {
      current.endLine = line;
    } else if (l.startsWith('      "intent": "')) {
      const quote = l.indexOf('"', '      "intent": '.length);
      current.intent = { line, character: quote + 1, value: l.slice(quote + 1, l.lastIndexOf('"')) };
    } else if (l === '      "target": {') {
      inTarget = true;
    } else if (inTarget && l.startsWith('      }')) {
      inTarget = false;
    } else if (inTarget && l.startsWith('        "')) {
      current.targetKey = { line, character: 9 };
      if (l.startsWith('        "deviceAndAppManagementAssignmentFilterId"')) current.targetFiltered = true;
      if (l.startsWith('        "@odata.type": "')) current.targetType = { line, character: '        "@odata.type": "'.length };
    }
  }
  if (info.length !== count || info.some((a) => a.endLine < 0 || !a.intent || !a.targetKey || !a.targetType)) {
    throw new Error(`bench: could not locate the positions in the generated ${count}-assignment document`);
  }
  const edited = info[editIndex];
  if (edited.intent.value !== 'required') throw new Error('bench: the edited assignment must start as "required"');
  return { count, text, bytes: Buffer.byteLength(text), lines: lines.length, assignments: info, editIndex, edited };
}

/**
 * `n` completion positions, cycling through the three kinds and spread evenly over the assignments. A key position
 * is inside the last key of a target that still lacks properties (no filter yet), the next such one from the
 * spread point: in a complete target there is nothing left to propose.
 */
function completionPositions(doc, n) {
  const positions = [];
  for (let i = 0; i < n; i++) {
    const kind = COMPLETION_KINDS[i % COMPLETION_KINDS.length];
    let index = Math.min(doc.count - 1, Math.floor(((i + 0.5) * doc.count) / n));
    if (kind === 'target key') {
      for (let step = 0; step < doc.count && doc.assignments[index].targetFiltered; step++) index = (index + 1) % doc.count;
    }
    const a = doc.assignments[index];
    const at = kind === 'intent value' ? a.intent : kind === 'target key' ? a.targetKey : a.targetType;
    positions.push({ kind, position: { line: at.line, character: at.character } });
  }
  return positions;
}

// ---------------------------------------------------------------------------------------------------------------
// Server processes and the LSP client

const liveChildren = new Set();

function killAll() {
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  liveChildren.clear();
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}: stopping the servers`);
    killAll();
    process.exit(130);
  });
}

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${message}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function readMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: NaN, hwmMb: NaN };
  }
}

/** What each server is, how it is started and configured, and which language id its documents get. */
function serverSpecs(options, profileDir) {
  const ours = {
    name: 'ours',
    title: 'intune-assign',
    languageId: 'intune-assign',
    nodeArgs: [...(options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...options.nodeArgs],
    args: [OUR_CLI, 'lsp', '--stdio'],
    initializationOptions: undefined,
    configuration: (section) => (section === 'intuneAssign' ? OUR_SETTINGS : null),
    async configure() {},
  };
  const peerJsonSettings = {
    validate: { enable: true },
    format: { enable: false },
    schemas: options.peerSchema === 'settings' ? [{ fileMatch: ['*.assign.json'], url: SCHEMA_URI }] : [],
  };
  const peer = {
    name: 'peer',
    title: 'vscode-json-language-server',
    languageId: 'json',
    nodeArgs: [],
    args: [PEER_BIN, '--stdio'],
    // With 'file' among handledSchemaProtocols (also 4.10.0's default) the server reads file: schemas itself;
    // without it, it asks the client with vscode/content, which this client answers too (and counts).
    initializationOptions: { handledSchemaProtocols: ['file'], provideFormatter: false },
    configuration: (section) => (section === 'json' ? peerJsonSettings : section === 'http' ? {} : null),
    async configure(server) {
      // json.validate.enable must be sent: the server turns validation off on a configuration without it.
      await server.connection.sendNotification(rpc.DidChangeConfigurationNotification.type, { settings: { json: peerJsonSettings, http: {} } });
      if (options.peerSchema === 'associations') {
        await server.connection.sendNotification(new rpc.NotificationType('json/schemaAssociations'), [{ uri: SCHEMA_URI, fileMatch: ['*.assign.json'] }]);
      }
    },
  };
  return { ours, peer };
}

const CLIENT_CAPABILITIES = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: false },
    // snippetSupport: the JSON server only offers completion to clients that can expand snippets.
    completion: { completionItem: { snippetSupport: true }, contextSupport: true },
    // No textDocument.diagnostic: both servers push diagnostics (publishDiagnostics).
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
  },
};

async function startServer(spec) {
  const child = spawn(process.execPath, [...spec.nodeArgs, ...spec.args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  liveChildren.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-20_000)));
  const server = { spec, child, pid: child.pid, stderr: () => stderr, log: [], contentRequests: [], otherRequests: [], exited: false };
  const exitWaiters = new Set();
  child.on('error', (error) => {
    server.exited = true;
    for (const w of exitWaiters) w(error);
  });
  child.on('exit', (code, signal) => {
    server.exited = true;
    liveChildren.delete(child);
    for (const w of exitWaiters) w(new Error(`${spec.title} exited (code ${code}, signal ${signal})`));
  });
  // Any wait on the server also ends, with the reason, when the process dies.
  server.untilExit = () => {
    let w;
    const p = new Promise((_, reject) => {
      w = reject;
      if (server.exited) reject(new Error(`${spec.title} is not running`));
      else exitWaiters.add(w);
    });
    p.catch(() => {});
    return { promise: p, dispose: () => exitWaiters.delete(w) };
  };

  const connection = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  server.connection = connection;
  const diagnosticWaiters = new Set();
  connection.onNotification(rpc.PublishDiagnosticsNotification.type, (params) => {
    const time = performance.now();
    for (const waiter of [...diagnosticWaiters]) waiter(params, time);
  });
  connection.onNotification(rpc.LogMessageNotification.type, (params) => {
    if (server.log.length < 200) server.log.push(params.message.slice(0, 2000));
  });
  connection.onNotification(() => {}); // telemetry, progress: not measured
  connection.onRequest(rpc.ConfigurationRequest.type, (params) => params.items.map((item) => spec.configuration(item.section)));
  connection.onRequest(new rpc.RequestType('vscode/content'), (uri) => {
    server.contentRequests.push(uri);
    if (uri.startsWith('file:')) return readFileSync(fileURLToPath(uri), 'utf8');
    throw new rpc.ResponseError(-32603, `the benchmark serves file: schemas only, not ${uri}`);
  });
  connection.onRequest((method) => {
    if (server.otherRequests.length < 50) server.otherRequests.push(method);
    return null;
  });
  connection.onError(() => {});
  connection.listen();

  /** Resolves with the first publishDiagnostics for `uri`, after this call, that satisfies `predicate`. */
  server.waitForDiagnostics = (uri, predicate, timeoutMs, what) => {
    let waiter;
    const exit = server.untilExit();
    const found = new Promise((resolve) => {
      waiter = (params, time) => {
        if (params.uri !== uri || !predicate(params)) return;
        diagnosticWaiters.delete(waiter);
        resolve({ params, time });
      };
      diagnosticWaiters.add(waiter);
    });
    return withTimeout(Promise.race([found, exit.promise]), timeoutMs, `${spec.title}: ${what}`).finally(() => {
      diagnosticWaiters.delete(waiter);
      exit.dispose();
    });
  };
  server.request = (type, params, timeoutMs, what) => {
    const exit = server.untilExit();
    return withTimeout(Promise.race([connection.sendRequest(type, params), exit.promise]), timeoutMs, `${spec.title}: ${what}`).finally(exit.dispose);
  };

  try {
    server.initializeResult = await server.request(
      rpc.InitializeRequest.type,
      {
        processId: process.pid, // the servers exit by themselves should this process die
        clientInfo: { name: 'intune-assign bench' },
        rootUri: null,
        workspaceFolders: null,
        capabilities: CLIENT_CAPABILITIES,
        initializationOptions: spec.initializationOptions,
      },
      TIMEOUT_MS.initialize,
      'initialize',
    );
    await connection.sendNotification(rpc.InitializedNotification.type, {});
    await spec.configure(server);
  } catch (error) {
    child.kill('SIGKILL');
    connection.dispose();
    throw error;
  }
  return server;
}

async function stopServer(server) {
  if (!server) return;
  const exited = new Promise((resolve) => {
    if (server.exited) resolve();
    else server.child.once('exit', resolve);
  });
  if (!server.exited) {
    try {
      await server.request(rpc.ShutdownRequest.type, undefined, TIMEOUT_MS.shutdown, 'shutdown');
      await server.connection.sendNotification(rpc.ExitNotification.type);
    } catch {
      // answered late or not at all: killed below
    }
    const timer = setTimeout(() => server.child.kill('SIGKILL'), TIMEOUT_MS.exit);
    await exited;
    clearTimeout(timer);
  }
  server.connection.dispose();
  liveChildren.delete(server.child);
}

// ---------------------------------------------------------------------------------------------------------------
// Measurements

function docUri(name) {
  return `${DOC_DIR_URI}/${name}.assign.json`;
}

const openParams = (spec, uri, text) => ({ textDocument: { uri, languageId: spec.languageId, version: 1, text } });

/**
 * Before measuring: a small document whose intent is "bogus" must get a diagnostic on that line from each server,
 * which proves the peer really validates against the schema (and ours against its rules). A separate process,
 * so loading the schema does not warm the measured one.
 */
async function sanityCheck(spec) {
  const doc = buildDocument(1, 7);
  const line = doc.edited.intent.line;
  const lines = doc.text.split('\n');
  lines[line] = lines[line].replace('"required"', '"bogus"');
  const uri = docUri('sanity-bogus-intent');
  let server;
  try {
    server = await startServer(spec);
    const wait = server.waitForDiagnostics(uri, () => true, TIMEOUT_MS.sanity, 'diagnostics for the sanity document');
    await server.connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, openParams(spec, uri, lines.join('\n')));
    const { params } = await wait;
    const onLine = params.diagnostics.filter((d) => d.range.start.line === line);
    return {
      ok: onLine.length > 0,
      message: onLine[0]?.message ?? params.diagnostics[0]?.message ?? '(no diagnostics)',
      all: params.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`),
      contentRequests: server.contentRequests.slice(),
      log: server.log.slice(0, 5),
    };
  } finally {
    await stopServer(server);
  }
}

function diagnosticsIn(diagnostics, fromLine, toLine) {
  return diagnostics.filter((d) => d.range.start.line >= fromLine && d.range.start.line <= toLine);
}

async function measure(spec, doc, options, warn) {
  const label = `[${doc.count}] ${spec.name}`;
  const progress = (text) => process.stderr.write(`  ${label}: ${text}\n`);
  const result = { server: spec.name, title: spec.title, firstDiagnosticsMs: NaN, baselineDiagnostics: NaN, edits: [], completions: [], notes: [] };
  const uri = docUri(`bench-${doc.count}`);
  let server;
  try {
    server = await startServer(spec);
    result.pid = server.pid;
    result.serverInfo = server.initializeResult.serverInfo ?? null;
    result.memoryAtStart = readMemory(server.pid);

    // 1. didOpen → first publishDiagnostics for the uri.
    const first = server.waitForDiagnostics(uri, () => true, TIMEOUT_MS.firstDiagnostics, `first diagnostics for ${doc.count} assignments`);
    const opened = performance.now();
    await server.connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, openParams(spec, uri, doc.text));
    const { params: firstParams, time: firstTime } = await first;
    result.firstDiagnosticsMs = firstTime - opened;
    result.baselineDiagnostics = firstParams.diagnostics.length;
    result.sendsVersion = typeof firstParams.version === 'number';
    result.memoryAfterOpen = readMemory(server.pid);
    if (firstParams.diagnostics.length) {
      const sample = firstParams.diagnostics.slice(0, 3).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
      warn(`${label}: the generated document is not clean: ${firstParams.diagnostics.length} diagnostics, e.g.\n      ${sample.join('\n      ')}`);
    }
    progress(`first diagnostics ${fmtMs(result.firstDiagnosticsMs)} ms (${firstParams.diagnostics.length} diagnostics)`);

    // 2. Edits flipping the middle assignment's intent: "required" → "Required" → "required" …
    const { line, character } = doc.edited.intent;
    const from = doc.assignments[doc.editIndex].startLine;
    const to = doc.assignments[doc.editIndex].endLine;
    const baselineHere = diagnosticsIn(firstParams.diagnostics, from, to).length;
    let version = 1;
    const editsStarted = performance.now();
    for (let k = 0; k < options.edits; k++) {
      if (performance.now() - editsStarted > PHASE_BUDGET_MS.edits) {
        result.notes.push(`edits stopped after ${k} of ${options.edits}: phase budget of ${PHASE_BUDGET_MS.edits / 1000} s used`);
        warn(`${label}: ${result.notes.at(-1)}`);
        break;
      }
      const wrongCase = k % 2 === 0;
      const v = ++version;
      const reflects = (diagnostics) => (diagnosticsIn(diagnostics, from, to).length > baselineHere) === wrongCase;
      // Our server says which version its diagnostics are for; the peer does not, so its are recognised by content.
      const predicate = result.sendsVersion ? (p) => p.version === v : (p) => reflects(p.diagnostics);
      const wait = server.waitForDiagnostics(uri, predicate, TIMEOUT_MS.edit, `diagnostics after edit ${k + 1} (version ${v})`);
      const sent = performance.now();
      await server.connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 8 } }, text: wrongCase ? 'Required' : 'required' }],
      });
      const { params, time } = await wait;
      const ok = reflects(params.diagnostics);
      result.edits.push({ ms: time - sent, version: v, diagnostics: params.diagnostics.length, reflectsEdit: ok });
      if (!ok) warn(`${label}: the diagnostics for version ${v} do not show the expected ${wrongCase ? 'error' : 'recovery'} at line ${line + 1}`);
    }
    result.memoryAfterEdits = readMemory(server.pid);
    progress(`edits: median ${fmtMs(median(result.edits.map((e) => e.ms)))} ms, p95 ${fmtMs(p95(result.edits.map((e) => e.ms)))} ms`);

    // 3. Completion at positions spread over the (again valid) document, one request at a time.
    const positions = completionPositions(doc, options.completions);
    const completionsStarted = performance.now();
    for (const { kind, position } of positions) {
      if (performance.now() - completionsStarted > PHASE_BUDGET_MS.completions) {
        result.notes.push(`completions stopped after ${result.completions.length} of ${positions.length}: phase budget of ${PHASE_BUDGET_MS.completions / 1000} s used`);
        warn(`${label}: ${result.notes.at(-1)}`);
        break;
      }
      const sent = performance.now();
      const answer = await server.request(
        rpc.CompletionRequest.type,
        { textDocument: { uri }, position, context: { triggerKind: 1 } },
        TIMEOUT_MS.completion,
        `completion at ${position.line + 1}:${position.character + 1} (${kind})`,
      );
      const ms = performance.now() - sent;
      const items = Array.isArray(answer) ? answer : (answer?.items ?? []);
      result.completions.push({ ms, kind, line: position.line, character: position.character, items: items.length });
    }
    const empties = result.completions.filter((c) => c.items === 0);
    for (const kind of COMPLETION_KINDS) {
      const inKind = result.completions.filter((c) => c.kind === kind);
      const empty = empties.filter((c) => c.kind === kind);
      if (empty.length) {
        const where = empty.slice(0, 3).map((c) => `${c.line + 1}:${c.character + 1}`).join(', ');
        warn(`${label}: ${empty.length} of ${inKind.length} completions at "${kind}" positions returned no items (e.g. at ${where})`);
      }
    }
    const ms = result.completions.map((c) => c.ms);
    progress(`completion: p50 ${fmtMs(percentile(ms, 50))} ms, p95 ${fmtMs(p95(ms))} ms (${empties.length} empty)`);

    // 4. Memory of the server process after the run, and its peak.
    result.memoryAfterRun = readMemory(server.pid);
    result.contentRequests = server.contentRequests.length;
    result.otherRequests = [...new Set(server.otherRequests)];
    result.log = server.log.slice(0, 10);
  } catch (error) {
    result.error = error.message;
    // The lines of the server's stderr that say what went wrong (a fatal error, a stack), else its last lines.
    const lines = server?.stderr().trim().split('\n') ?? [];
    const telling = lines.filter((l) => /error|fatal|exception|out of memory/i.test(l)).slice(0, 5);
    const tail = (telling.length ? telling : lines.slice(-5)).join('\n      ');
    warn(`${label}: ${error.message}${tail ? `\n      server stderr: ${tail}` : ''}`);
  } finally {
    await stopServer(server);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics and output

function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}
const median = (values) => percentile(values, 50);
const p95 = (values) => percentile(values, 95);

function summarize(result) {
  if (!result) return undefined;
  const edits = result.edits.map((e) => e.ms);
  const completions = result.completions.map((c) => c.ms);
  return {
    firstDiagnosticsMs: result.firstDiagnosticsMs,
    editMedianMs: median(edits),
    editP95Ms: p95(edits),
    completionP50Ms: percentile(completions, 50),
    completionP95Ms: p95(completions),
    rssMb: result.memoryAfterRun?.rssMb ?? NaN,
    hwmMb: result.memoryAfterRun?.hwmMb ?? NaN,
    edits: edits.length,
    completions: completions.length,
    emptyCompletions: result.completions.filter((c) => c.items === 0).length,
    itemsPerKind: Object.fromEntries(
      COMPLETION_KINDS.map((kind) => {
        const inKind = result.completions.filter((c) => c.kind === kind);
        return [kind, inKind.length ? inKind.reduce((sum, c) => sum + c.items, 0) / inKind.length : NaN];
      }),
    ),
    baselineDiagnostics: result.baselineDiagnostics,
  };
}

function fmtMs(value) {
  if (!Number.isFinite(value)) return '–';
  return value < 10 ? value.toFixed(2) : value < 1000 ? value.toFixed(1) : value.toFixed(0);
}
const fmtMb = (value) => (Number.isFinite(value) ? value.toFixed(1) : '–');
const fmtRatio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : '–');

/** The validation debounce each server waits after a change, read from the sources (for the notes only). */
function debounces() {
  const read = (file, pattern) => {
    try {
      return Number(pattern.exec(readFileSync(file, 'utf8'))?.[1] ?? NaN);
    } catch {
      return NaN;
    }
  };
  return {
    ours: read(join(ROOT, 'server', 'src', 'server.ts'), /VALIDATION_DELAY_MS\s*=\s*(\d+)/),
    peer: read(join(PEER_PACKAGE, 'lib', 'json-language-server', 'utils', 'validation.js'), /validationDelayMs\s*=\s*(\d+)/),
  };
}

function printTable(doc, ours, peer, delays) {
  const o = summarize(ours);
  const p = summarize(peer);
  // The same medians less each server's own debounce: the work done after the wait.
  if (o) o.editNetMedianMs = o.editMedianMs - delays.ours;
  if (p) p.editNetMedianMs = p.editMedianMs - delays.peer;
  const rows = [
    ['first diagnostics after didOpen (ms)', 'firstDiagnosticsMs', fmtMs],
    [`diagnostics after an edit, median (ms)`, 'editMedianMs', fmtMs],
    [`diagnostics after an edit, p95 (ms)`, 'editP95Ms', fmtMs],
    [`  median less the server's debounce (ms)`, 'editNetMedianMs', fmtMs],
    ['completion p50 (ms)', 'completionP50Ms', fmtMs],
    ['completion p95 (ms)', 'completionP95Ms', fmtMs],
    ['VmRSS after the run (MB)', 'rssMb', fmtMb],
    ['VmHWM peak (MB)', 'hwmMb', fmtMb],
  ];
  const width = [42, 12, 12, 10];
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(width[i]) : String(c).padStart(width[i]))).join('  ');
  console.log(`\n== ${doc.count.toLocaleString('en-US')} assignment${doc.count === 1 ? '' : 's'}: ${(doc.bytes / 1024 / 1024).toFixed(2)} MB, ${doc.lines.toLocaleString('en-US')} lines ==`);
  console.log(line(['metric', 'ours', 'peer', 'ours/peer']));
  console.log(line(['-'.repeat(width[0]), '-'.repeat(width[1]), '-'.repeat(width[2]), '-'.repeat(width[3])]));
  for (const [title, key, fmt] of rows) console.log(line([title, o ? fmt(o[key]) : 'n/a', p ? fmt(p[key]) : 'n/a', fmtRatio(o?.[key], p?.[key])]));
  const counts = (s) => (s ? `${s.edits} edits, ${s.completions} completions (${s.emptyCompletions} empty)` : 'not run');
  console.log(`  samples: ours ${counts(o)}; peer ${counts(p)}`);
  const items = (s) => (s ? COMPLETION_KINDS.map((k) => (Number.isFinite(s.itemsPerKind[k]) ? s.itemsPerKind[k].toFixed(1) : '–')).join(' / ') : 'n/a');
  console.log(`  mean completion items (${COMPLETION_KINDS.join(' / ')}): ours ${items(o)}; peer ${items(p)}`);
  console.log(`  edit latencies include each server's validation debounce: ours ${delays.ours} ms, peer ${delays.peer} ms (read from their sources)`);
  for (const r of [ours, peer]) if (r?.error) console.log(`  ${r.server}: FAILED: ${r.error}`);
}

/** True when every figure was measured (a failed or skipped server leaves NaN or undefined). */
const known = (...values) => values.every((v) => Number.isFinite(v));

function checkTargets(doc, ours, peer) {
  const o = summarize(ours);
  const p = summarize(peer);
  const checks = [
    {
      name: 'completion p95 no worse than the peer',
      pass: known(o?.completionP95Ms, p?.completionP95Ms) ? o.completionP95Ms <= p.completionP95Ms : undefined,
      detail: `ours ${fmtMs(o?.completionP95Ms)} ms vs peer ${fmtMs(p?.completionP95Ms)} ms`,
    },
    {
      name: `diagnostics after an edit under ${TARGETS.editP95Ms} ms (p95)`,
      pass: known(o?.editP95Ms) ? o.editP95Ms < TARGETS.editP95Ms : undefined,
      detail: `ours p95 ${fmtMs(o?.editP95Ms)} ms (median ${fmtMs(o?.editMedianMs)} ms)`,
    },
    {
      name: `resident memory under ${TARGETS.memoryMb} MB (peak VmHWM)`,
      pass: known(o?.hwmMb) ? o.hwmMb < TARGETS.memoryMb : undefined,
      detail: `ours peak ${fmtMb(o?.hwmMb)} MB (VmRSS after the run ${fmtMb(o?.rssMb)} MB)`,
    },
  ];
  console.log(`\nTargets (${doc.count.toLocaleString('en-US')} assignments):`);
  for (const c of checks) console.log(`  ${c.pass === undefined ? 'N/A ' : c.pass ? 'PASS' : 'MISS'}  ${c.name}: ${c.detail}`);
  return checks;
}

function gitInfo() {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'common', 'cli'], { cwd: ROOT, encoding: 'utf8' }).trimEnd();
    return { commit, uncommittedServerChanges: dirty ? dirty.split('\n') : [] };
  } catch {
    return { commit: null, uncommittedServerChanges: [] };
  }
}

/** Newest modification time under the server's sources, to warn when dist/ is older than them. */
function newestSourceTime() {
  let newest = 0;
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of ['server/src', 'common/src', 'cli/src']) walk(join(ROOT, dir));
  return newest;
}

// ---------------------------------------------------------------------------------------------------------------
// Main

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const watchdog = setTimeout(() => {
    console.error(`\nbench: the run exceeded --max-minutes=${options.maxMinutes}: stopping the servers`);
    killAll();
    process.exit(2);
  }, options.maxMinutes * 60_000);
  watchdog.unref();

  if (options.servers.includes('ours') && !existsSync(OUR_CLI)) fail(`${OUR_CLI} is missing: run node scripts/build.mjs first`);
  if (options.servers.includes('peer') && !existsSync(PEER_BIN)) fail(`${PEER_BIN} is missing: run npm ci`);
  const warnings = [];
  const warn = (text) => {
    warnings.push(text);
    process.stderr.write(`  warning: ${text}\n`);
  };
  if (options.servers.includes('ours') && statSync(OUR_CLI).mtimeMs < newestSourceTime()) {
    warn('dist/cli.js is older than the server sources: the figures are for the last build (node scripts/build.mjs)');
  }
  const profileDir = join(RESULTS_DIR, `prof-${stamp}`);
  if (options.cpuProf) mkdirSync(profileDir, { recursive: true });
  const specs = serverSpecs(options, profileDir);
  const peerVersion = JSON.parse(readFileSync(join(PEER_PACKAGE, 'package.json'), 'utf8')).version;
  const delays = debounces();

  console.log(
    `LSP benchmark: ours = node dist/cli.js lsp --stdio; peer = vscode-json-language-server (vscode-langservers-extracted ${peerVersion}) ` +
      `with ${SCHEMA_FILE.slice(ROOT.length + 1)} via ${options.peerSchema === 'settings' ? 'json.schemas' : 'json/schemaAssociations'}`,
  );
  console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; ${options.edits} edits and ${options.completions} completions per document`);

  // Sanity: each server flags "intent": "bogus" (the peer through the schema).
  const sanity = {};
  for (const name of options.servers) {
    process.stderr.write(`sanity check: ${name}\n`);
    try {
      sanity[name] = await sanityCheck(specs[name]);
    } catch (error) {
      sanity[name] = { ok: false, message: error.message, all: [] };
    }
    const s = sanity[name];
    const how = name === 'peer' ? `; schema read ${s.contentRequests?.length ? `through vscode/content (${s.contentRequests.length} requests)` : 'from disk by the server'}` : '';
    console.log(`sanity (${name}): "intent": "bogus" → ${s.ok ? 'diagnostic' : 'NO diagnostic on its line'}: ${s.message}${how}`);
    if (!s.ok) {
      if (s.all?.length) console.log(`  diagnostics: ${s.all.slice(0, 5).join(' | ')}`);
      if (s.log?.length) console.log(`  server log: ${s.log.join(' | ')}`);
      fail(`${specs[name].title} does not report the invalid intent: its figures would not be comparable`);
    }
  }

  const sizes = [];
  for (const count of options.sizes) {
    const doc = buildDocument(count, 0x1a55 + count);
    process.stderr.write(`document: ${count} assignments, ${(doc.bytes / 1024 / 1024).toFixed(2)} MB\n`);
    if (options.writeDocs) {
      mkdirSync(join(RESULTS_DIR, 'docs'), { recursive: true });
      writeFileSync(join(RESULTS_DIR, 'docs', `bench-${count}.assign.json`), doc.text);
    }
    const results = {};
    for (const name of options.servers) results[name] = await measure(specs[name], doc, options, warn);
    sizes.push({ doc, results });
    printTable(doc, results.ours, results.peer, delays);
  }

  let targets = [];
  const largest = sizes.find((s) => s.doc.count === 5000) ?? sizes.reduce((a, b) => (b.doc.count > a.doc.count ? b : a), sizes[0]);
  if (largest) targets = checkTargets(largest.doc, largest.results.ours, largest.results.peer);
  if (largest && largest.doc.count !== 5000) console.log('  (the targets are defined for 5,000 assignments; checked on the largest size run)');

  if (warnings.length) {
    console.log(`\nWarnings (${warnings.length}):`);
    for (const w of warnings) console.log(`  - ${w}`);
  }

  const seconds = (performance.now() - started) / 1000;
  const report = {
    kind: 'intune-assign lsp benchmark',
    date: new Date().toISOString(),
    durationSeconds: seconds,
    environment: { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemoryMb: os.totalmem() / 1024 / 1024, loadAverage: os.loadavg() },
    git: gitInfo(),
    options,
    servers: {
      ours: { command: `node ${specs.ours.nodeArgs.join(' ')} dist/cli.js lsp --stdio`.replace(/\s+/g, ' '), languageId: 'intune-assign', validationDelayMs: delays.ours, settings: OUR_SETTINGS },
      peer: {
        command: 'node node_modules/vscode-langservers-extracted/bin/vscode-json-language-server --stdio',
        version: peerVersion,
        languageId: 'json',
        validationDelayMs: delays.peer,
        schema: SCHEMA_URI,
        schemaConfiguration: options.peerSchema === 'settings' ? 'json.schemas (workspace/didChangeConfiguration)' : 'json/schemaAssociations',
        initializationOptions: specs.peer.initializationOptions,
      },
    },
    sanity,
    targets: targets.map(({ name, pass, detail }) => ({ name, result: pass === undefined ? 'N/A' : pass ? 'PASS' : 'MISS', detail })),
    sizes: sizes.map(({ doc, results }) => ({
      assignments: doc.count,
      bytes: doc.bytes,
      lines: doc.lines,
      editedLine: doc.edited.intent.line,
      summary: Object.fromEntries(Object.entries(results).map(([name, r]) => [name, summarize(r)])),
      raw: results,
    })),
    warnings,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `lsp-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nRaw numbers: ${file.slice(ROOT.length + 1)}${options.cpuProf ? `; CPU profiles of our server: ${profileDir.slice(ROOT.length + 1)}/` : ''}`);
  console.log(`Done in ${seconds.toFixed(1)} s.`);
  clearTimeout(watchdog);
  const failed = sizes.some(({ results }) => Object.values(results).some((r) => r.error));
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error.message}`);
  killAll();
  process.exit(1);
});
