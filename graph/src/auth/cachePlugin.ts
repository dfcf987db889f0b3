// MSAL's token cache kept outside the process through MSAL's cache plugin interface: a store is anything that
// reads and writes one string (the command line's file, the extension's SecretStorage). The file store keeps
// the cache readable by its owner only.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';

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

export function fileStore(path: string): CacheStore {
  return {
    async read() {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    async write(data) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // Written aside and renamed, so a crash never leaves half a cache; owner-only from the start.
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, data, { mode: 0o600 });
      chmodSync(temporary, 0o600);
      renameSync(temporary, path);
    },
    async clear() {
      try {
        writeFileSync(path, '', { mode: 0o600 });
      } catch {
        // nothing cached
      }
    },
  };
}
