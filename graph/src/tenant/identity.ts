// Which tenant a sign-in reaches: the `tid` claim of the access token Graph gets (read locally, never logged),
// so a workspace recorded in one tenant is never applied to another by mistake, whether the tenant was given
// as an id, a domain, or not at all (a person's home tenant).
import { GUID } from '../../../common/src/constants';
import type { TokenSource } from '../graphClient';

/** The tenant id of the signed-in session (signs in if need be); `fallback` when the token does not say. */
export async function signedInTenant(tokens: TokenSource, fallback?: string): Promise<string | undefined> {
  const token = await tokens.getToken();
  const payload = token.split('.')[1];
  if (payload) {
    try {
      const tid = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { tid?: unknown }).tid;
      if (typeof tid === 'string' && GUID.test(tid)) return tid.toLowerCase();
    } catch {
      // An opaque token (not a JWT): the tenant as configured.
    }
  }
  return fallback && GUID.test(fallback) ? fallback.toLowerCase() : fallback;
}
