// Which tenant a sign-in reaches: the `tid` claim of the access token Graph gets (read locally, never logged),
// so a workspace recorded in one tenant is never applied to another by mistake, whether the tenant was given
// as an id, a domain, or not at all (a person's home tenant). The one reading of a token's claims.
import { GUID } from '../../../common/src/constants';
import type { TokenSource } from '../graphClient';
import { isObject } from '../json';

/** The tenant id of the signed-in session (signs in if need be); `fallback` when the token does not say. */
export async function signedInTenant(tokens: TokenSource, fallback?: string): Promise<string | undefined> {
  // An opaque token (not a JWT) does not say: the tenant as configured.
  const tid = tokenClaims(await tokens.getToken())?.tid;
  if (typeof tid === 'string' && GUID.test(tid)) return tid.toLowerCase();
  return fallback && GUID.test(fallback) ? fallback.toLowerCase() : fallback;
}

/** The claims of an access token (a JWT's payload, read locally, never checked nor logged); undefined when opaque. */
export function tokenClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return isObject(claims) ? claims : undefined;
  } catch {
    return undefined;
  }
}
