// `npm run package`: builds the VS Code extension's VSIX. In a staging copy of the project (so dist/ keeps
// the development build): production bundles (esbuild, minified, one per process), then @vscode/vsce with the
// allow-list in .vscodeignore; then checks what the VSIX holds (the allow-list, no source maps, no
// node_modules) and that it stays under 2 MB, and prints its size.
//   node scripts/package.mjs [--out FILE]     default: intune-assign-<version>.vsix in the project folder
// Other scripts import { packageVsix, vsixEntries }.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAX_BYTES = 2 * 1024 * 1024;
/** What the installed extension needs, beside package.json; each must be in the VSIX. */
const REQUIRED = ['dist/extension.js', 'dist/server.js', 'dist/sandbox.js', 'language-configuration.json', 'syntaxes/intune-assign.tmLanguage.json', 'schemas/intune-assign.config.schema.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'images/icon.png', 'docs/graph-behaviour.md'];
/** Everything the VSIX may hold under extension/ (the allow-list in .vscodeignore, as patterns). */
const ALLOWED = [/^package\.json$/, /^dist\/(extension|server|sandbox)\.js$/, /^schemas\/[^/]+\.json$/, /^syntaxes\/[^/]+\.json$/, /^language-configuration\.json$/, /^(readme|changelog)\.md$/i, /^LICENSE(\.txt)?$/, /^images\/icon\.png$/, /^docs\/screenshots\/[^/]+\.png$/, /^docs\/graph-behaviour\.md$/];

/** What the staging copy leaves out: the build's own output and what no VSIX holds (.vscodeignore decides the rest). */
const NOT_STAGED = new Set(['.git', 'node_modules', 'dist', 'out', '.vscode-test', 'bench-results']);

function run(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? command)} ${args.slice(1).join(' ')} failed (${signal ?? `exit ${code}`})`))));
  });
}

/** The names and sizes of the files in a zip (a VSIX), read from its central directory. */
export function vsixEntries(file) {
  const zip = fs.readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: a broken central directory`);
    const [compressed, size, nameLength, extraLength, commentLength] = [zip.readUInt32LE(at + 20), zip.readUInt32LE(at + 24), zip.readUInt16LE(at + 28), zip.readUInt16LE(at + 30), zip.readUInt16LE(at + 32)];
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const method = zip.readUInt16LE(at + 10);
    entries.push({
      name,
      size,
      compressed,
      /** The file's bytes (stored or deflated). */
      read() {
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(start, start + compressed);
        return method === 0 ? Buffer.from(data) : inflateRawSync(data);
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Problems with a VSIX's contents; empty when it is fine. */
export function checkVsix(file) {
  const problems = [];
  const bytes = fs.statSync(file).size;
  if (bytes > MAX_BYTES) problems.push(`it is ${(bytes / 1024 / 1024).toFixed(2)} MB, over the 2 MB budget`);
  const names = vsixEntries(file).map((e) => e.name);
  const inside = names.filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
  for (const name of inside) if (!ALLOWED.some((pattern) => pattern.test(name))) problems.push(`it holds ${name}, which the allow-list does not name`);
  // vsce stores README.md and CHANGELOG.md as readme.md and changelog.md, and LICENSE as LICENSE.txt.
  const held = new Set(inside.map((n) => n.toLowerCase().replace(/^license\.txt$/, 'license')));
  for (const name of REQUIRED) if (!held.has(name.toLowerCase())) problems.push(`it lacks ${name}`);
  return problems;
}

/** Builds the production bundles and the VSIX; resolves with its path and size. */
export async function packageVsix({ out } = {}) {
  const { version, name } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const file = path.resolve(root, out ?? `${name}-${version}.vsix`);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'intune-assign-package-'));
  try {
    fs.cpSync(root, staging, { recursive: true, filter: (source) => !NOT_STAGED.has(path.relative(root, source).split(path.sep)[0]) || source === root });
    await run(process.execPath, [path.join(root, 'scripts/build.mjs'), '--production', '--out-dir', path.join(staging, 'dist')], root);
    fs.rmSync(file, { force: true });
    // No repository in package.json yet; the README's links to its own files stay relative, and the files they
    // name (screenshots) are in the VSIX, so the extension's page shows them from the installed copy.
    await run(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', file], staging);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  const problems = checkVsix(file);
  if (problems.length) throw new Error(`${path.relative(root, file)} is not what should ship:\n  - ${problems.join('\n  - ')}`);
  return { file, bytes: fs.statSync(file).size, entries: vsixEntries(file) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  try {
    const { file, bytes, entries } = await packageVsix({ out: at > 0 ? process.argv[at + 1] : undefined });
    const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
    console.log(`\n${path.relative(process.cwd(), file)}: ${(bytes / 1024).toFixed(0)} KB (${entries.length} files, ${(unpacked / 1024).toFixed(0)} KB unpacked; budget 2048 KB)`);
    for (const e of entries.filter((x) => x.name.startsWith('extension/')).sort((a, b) => b.size - a.size)) console.log(`  ${(e.size / 1024).toFixed(0).padStart(6)} KB  ${e.name.slice('extension/'.length)}`);
    console.log(`Install: code --install-extension ${path.relative(process.cwd(), file)}`);
  } catch (error) {
    console.error(`package: ${error.message}`);
    process.exitCode = 1;
  }
}
