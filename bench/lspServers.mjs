// The two servers bench/lsp.mjs compares, started through the tests' LSP client (test/harness/lspClient.ts,
// compiled to out/ by `npm run build`): ours (dist/cli.js lsp --stdio) and VS Code's JSON language server
// (vscode-langservers-extracted) given schemas/assign.beta.schema.json, with what each needs to be configured,
// and the sanity check that proves each really validates before its figures are compared.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT } from './common.mjs';
import { buildDocument } from './documents.mjs';

const require = createRequire(import.meta.url);
export const OUR_CLI = join(ROOT, 'dist', 'cli.js');
export const CLIENT = join(ROOT, 'out', 'test', 'harness', 'lspClient.js');
export const PEER_PACKAGE = join(ROOT, 'node_modules', 'vscode-langservers-extracted');
export const PEER_BIN = join(PEER_PACKAGE, 'bin', 'vscode-json-language-server');
export const SCHEMA_FILE = join(ROOT, 'schemas', 'assign.beta.schema.json');
const SCHEMA_URI = pathToFileURL(SCHEMA_FILE).href;
const OUR_SETTINGS = { graphVersion: 'beta', cloud: 'global' };

/** The shared client, or a clear reason why it is missing. */
export function loadClient() {
  if (!existsSync(CLIENT)) throw new Error(`${CLIENT} is missing: run npm run build first (it compiles the tests' LSP client)`);
  return require(CLIENT);
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

/** What each server is, how it is started and configured, and which language id its documents get. */
export function serverSpecs(options, profileDir) {
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
    format: { enable: true },
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
    initializationOptions: { handledSchemaProtocols: ['file'], provideFormatter: true },
    configuration: (section) => (section === 'json' ? peerJsonSettings : section === 'http' ? {} : null),
    async configure(client) {
      // json.validate.enable must be sent: the server turns validation off on a configuration without it.
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { json: peerJsonSettings, http: {} } });
      if (options.peerSchema === 'associations') {
        await client.connection.sendNotification('json/schemaAssociations', [{ uri: SCHEMA_URI, fileMatch: ['*.assign.json'] }]);
      }
    },
  };
  return { ours, peer };
}

/** Every client started, so a signal or the watchdog can stop them all. */
const live = new Set();

export function killAll() {
  for (const client of live) client.process.kill('SIGKILL');
  live.clear();
}

/**
 * Starts a server through the shared client and configures it; `contentRequests` counts vscode/content. `extra`:
 * more options of the client's startServer (a workspace folder).
 */
export async function start(spec, extra = {}) {
  const { startServer } = loadClient();
  const client = await startServer({
    ...extra,
    args: spec.args,
    nodeArgs: spec.nodeArgs,
    cwd: ROOT,
    capabilities: CLIENT_CAPABILITIES,
    initializationOptions: spec.initializationOptions,
    configuration: spec.configuration,
  });
  live.add(client);
  client.contentRequests = [];
  client.connection.onRequest('vscode/content', (uri) => {
    client.contentRequests.push(uri);
    if (uri.startsWith('file:')) return readFileSync(fileURLToPath(uri), 'utf8');
    throw new Error(`the benchmark serves file: schemas only, not ${uri}`);
  });
  await spec.configure(client);
  return client;
}

export async function stop(client) {
  if (!client) return;
  await client.stop();
  live.delete(client);
}

/**
 * Before measuring: a small document whose intent is "bogus" must get a diagnostic on that line from each server,
 * which proves the peer really validates against the schema (and ours against its rules). A separate process,
 * so loading the schema does not warm the measured one.
 */
export async function sanityCheck(spec, uri, timeoutMs) {
  const doc = buildDocument(1, 7);
  const line = doc.edited.intent.line;
  const lines = doc.text.split('\n');
  lines[line] = lines[line].replace('"required"', '"bogus"');
  let client;
  try {
    client = await start(spec);
    const wait = client.nextDiagnostics(uri, () => true, timeoutMs);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: spec.languageId, version: 1, text: lines.join('\n') } });
    const { params } = await wait;
    const onLine = params.diagnostics.filter((d) => d.range.start.line === line);
    return {
      ok: onLine.length > 0,
      message: onLine[0]?.message ?? params.diagnostics[0]?.message ?? '(no diagnostics)',
      all: params.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`),
      contentRequests: client.contentRequests.slice(),
      log: client.log.slice(0, 5),
    };
  } finally {
    await stop(client);
  }
}
