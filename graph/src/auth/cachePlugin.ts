// MSAL's token cache kept outside the process through MSAL's cache plugin interface: a store is anything that
// reads and writes one string (the command line's file, the extension's SecretStorage). The file store keeps
// the cache readable by its owner only, and is safe in a shared folder (/tmp): it is written to a new file
// made with exclusive create (never through a link someone planted) and renamed into place atomically, and a
// cache that is a link or belongs to someone else is not read.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';

/** Where a string is kept between runs (a file, or VS Code's secret storage): the token cache, a tenant's names. */
export interface CacheStore {
  read(): Promise<string | undefined>;
  write(data: string): Promise<void>;
  clear(): Promise<void>;
}

export function cachePlugin(store: CacheStore): ICachePlugin {
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      const data = await store.read();
      if (data) context.tokenCache.deserialize(data);
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (context.cacheHasChanged) await store.write(context.tokenCache.serialize());
    },
  };
}

/** The command line's cache file: $XDG_CONFIG_HOME/intune-assign/msal-token-cache.json (or ~/.config/...). */
export function defaultCacheFile(): string {
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'intune-assign', 'msal-token-cache.json');
}

/** Writes `data` to `path` atomically: a new owner-only file (exclusive create, so never a planted link), renamed over it. */
function replaceFile(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  for (let attempt = 0; ; attempt++) {
    const temporary = `${path}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`;
    let fd: number;
    try {
      fd = openSync(temporary, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5) continue;
      throw error;
    }
    try {
      writeSync(fd, data);
    } catch (error) {
      closeSync(fd);
      rmSync(temporary, { force: true });
      throw error;
    }
    closeSync(fd);
    renameSync(temporary, path);
    return;
  }
}

export function fileStore(path: string): CacheStore {
  return {
    async read() {
      let fd: number | undefined;
      try {
        // Only a plain file of this user's: a link, or a file someone else made, could feed us their tokens.
        fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
        const stats = fstatSync(fd);
        if (!stats.isFile() || (typeof process.getuid === 'function' && stats.uid !== process.getuid())) return undefined;
        return readFileSync(fd, 'utf8');
      } catch {
        return undefined;
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    },
    async write(data) {
      replaceFile(path, data);
    },
    async clear() {
      try {
        replaceFile(path, '');
      } catch {
        // nothing cached
      }
    },
  };
}
