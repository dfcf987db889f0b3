// The tenant directory's answers to the language server's questions (common/src/protocol.ts): the groups with
// some ids and the tenant's filters, and the groups matching what is typed. The extension answers the server with
// these; `intune-assign lsp` with a login session asks them of its own directory. A read that fails still gives
// what the cache has (stale) and says why the rest is missing, so the editor degrades instead of going blank.
import type { TenantResolveParams, TenantResolveResult, TenantSearchParams, TenantSearchResult } from '../../../common/src/protocol';
import type { UnavailableReason } from '../../../common/src/tenant';
import { DirectoryUnavailable, type TenantDirectory } from './directory';

/** At most this many ids are resolved in one question (a document has far fewer distinct groups). */
export const MAX_RESOLVE_IDS = 20_000;

export async function answerResolve(directory: TenantDirectory, params: TenantResolveParams, signal?: AbortSignal): Promise<TenantResolveResult> {
  const ids = (Array.isArray(params.groups) ? params.groups : []).filter((id): id is string => typeof id === 'string').slice(0, MAX_RESOLVE_IDS);
  let unavailable: UnavailableReason | undefined;
  const failed = (error: unknown) => {
    if (!(error instanceof DirectoryUnavailable)) throw error;
    unavailable ??= error.reason;
  };
  const [groups, filters] = await Promise.all([
    ids.length ? directory.resolveGroups(ids, signal).catch((error: unknown) => (failed(error), directory.groupsNow(ids))) : undefined,
    params.filters ? directory.filters(signal).catch((error: unknown) => (failed(error), directory.filtersNow())) : undefined,
  ]);
  const result: TenantResolveResult = { groups: [...(groups ?? [])].map(([id, known]) => ({ id: id.toLowerCase(), group: known.value, ...(known.stale && { stale: true }) })) };
  if (filters) result.filters = { list: filters.list, ...(filters.stale && { stale: true }) };
  if (unavailable) result.unavailable = unavailable;
  return result;
}

export async function answerSearch(directory: TenantDirectory, params: TenantSearchParams, signal?: AbortSignal): Promise<TenantSearchResult> {
  const text = typeof params.text === 'string' ? params.text.slice(0, 256) : '';
  try {
    return { groups: await directory.searchGroups(text, signal) };
  } catch (error) {
    if (!(error instanceof DirectoryUnavailable)) throw error;
    return { groups: directory.searchNow(text, 25), stale: true, unavailable: error.reason };
  }
}
