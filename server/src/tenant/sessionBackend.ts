// The tenant backend of `intune-assign lsp` on its own: the command line's kept session (`intune-assign login`),
// whose tokens are acquired silently — the server never prompts. Without a session every answer is "signed
// out", which the server treats as no tenant data at all: nothing changes. The session file is watched, so a
// `login` or `logout` in a terminal reaches a running server at once (and is checked again before each read,
// where watching is not available): what was learnt of the tenant is then forgotten.
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Disposable } from 'vscode-languageserver';
import type { TenantResolveResult, TenantSearchResult } from '../../../common/src/protocol';
import { readSession, sessionDirectory, type SessionFiles, sessionFiles } from '../../../graph/src/auth/storedSession';
import { answerResolve, answerSearch } from '../../../graph/src/tenant/answers';
import type { TenantDirectory } from '../../../graph/src/tenant/directory';
import { createLogger } from '../../../graph/src/log';
import type { TenantBackend } from './source';

const SIGNED_OUT: TenantResolveResult & TenantSearchResult = { groups: [], unavailable: 'signed-out' };

/** The kept session's backend, or undefined when the command line keeps none (INTUNE_ASSIGN_TOKEN_CACHE=none). */
export function sessionBackend(log: (message: string) => void, files: SessionFiles | undefined = sessionFiles()): TenantBackend | undefined {
  if (!files) return undefined;
  const logger = createLogger((level, line) => {
    if (level !== 'debug') log(line);
  }, 'info');
  const listeners = new Set<() => void>();
  let current: { stamp: string; directory: TenantDirectory | undefined } | undefined;
  const stampOf = () => {
    try {
      const s = statSync(files.session);
      return `${s.mtimeMs}:${s.size}`;
    } catch {
      return 'none';
    }
  };
  /** The directory of the session as the file says now; a changed session is a new directory. */
  const directory = async (): Promise<TenantDirectory | undefined> => {
    const stamp = stampOf();
    if (current?.stamp === stamp) return current.directory;
    const session = await readSession(files);
    const next = { stamp, directory: session ? sessionDirectory(files, session, { log: logger }) : undefined };
    if (current) for (const listener of [...listeners]) listener();
    current = next;
    return next.directory;
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(files.session), (_event, name) => {
      if (name && name !== basename(files.session)) return;
      if (current && current.stamp !== stampOf()) void directory();
    });
    watcher.on('error', () => watcher?.close());
    watcher.unref();
  } catch {
    // No folder yet (never signed in), or no watching here: each read checks the session file instead.
  }
  return {
    resolve: async (params) => {
      const dir = await directory();
      return dir ? answerResolve(dir, params) : SIGNED_OUT;
    },
    search: async (params) => {
      const dir = await directory();
      return dir ? answerSearch(dir, params) : SIGNED_OUT;
    },
    onDidChange(listener): Disposable {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    dispose: () => watcher?.close(),
  };
}
