// The control endpoints for scripts and demos (/_sandbox/*, JSON in and out). Each request must carry the
// sandbox's per-run secret in the header `x-sandbox-secret` (printed by `intune-assign sandbox`; the Sandbox
// object's `secret` in-process), so no other local process can drive the tenant; cross-origin requests and
// other Host names are refused before this (http/server.ts).
//   POST /_sandbox/approve   {"userCode"?: "ABCD1234", "user"?: upn}  approve that device code (or the newest)
//   POST /_sandbox/deny      {"userCode"?}                            decline it: the poll gets authorization_declined
//   POST /_sandbox/throttle  {"count": 1, "status"?: 429|503|504, "retryAfter"?: "5" | HTTP date}
//   POST /_sandbox/claims    {"claims"?: "{...}"}                      the next Graph request gets a claims challenge
//   POST /_sandbox/revoke                                             every refresh token issued so far fails
//   GET  /_sandbox/requests                                           the recorded requests (redacted)
//   GET  /_sandbox/state                                              the tenant state (apps, assignments, ...)
//   POST /_sandbox/reset                                              the tenant back to the seed; limits and queued failures cleared
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Sandbox } from '../sandbox';

export const SECRET_HEADER = 'x-sandbox-secret';

export interface ControlReply {
  status: number;
  json?: unknown;
}

export function sameSecret(given: string | undefined, secret: string): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(secret).digest());
}

export function control(sandbox: Sandbox, method: string, path: string, raw: string, givenSecret: string | undefined): ControlReply {
  if (!sameSecret(givenSecret, sandbox.secret)) {
    return {
      status: 401,
      json: { error: 'unauthorized', error_description: `The control endpoints need the header ${SECRET_HEADER} with this sandbox's secret (printed by intune-assign sandbox when it starts; Sandbox.secret in-process).` },
    };
  }
  let body: Record<string, unknown> = {};
  if (raw.trim()) {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return { status: 400, json: { error: 'bad_request', message: 'The body must be a JSON object.' } };
    }
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  const route = `${method} ${path}`;
  switch (route) {
    case 'POST /_sandbox/approve':
    case 'POST /_sandbox/deny': {
      const userCode = text(body.userCode) ?? sandbox.pendingDeviceCode();
      const approve = route.endsWith('approve');
      const ok = approve ? sandbox.approveDeviceCode(userCode, text(body.user)) : sandbox.denyDeviceCode(userCode);
      return ok ? { status: 200, json: { userCode, result: approve ? 'approved' : 'declined' } } : { status: 404, json: { error: 'not_found', message: 'No such device code is waiting.' } };
    }
    case 'POST /_sandbox/throttle': {
      const count = body.count === undefined ? 1 : Number(body.count);
      const status = body.status === undefined ? 429 : Number(body.status);
      if (!Number.isInteger(count) || count < 0 || count > 10_000 || ![429, 503, 504].includes(status)) {
        return { status: 400, json: { error: 'bad_request', message: 'Expected {"count": 0..10000, "status"?: 429|503|504, "retryAfter"?: seconds or an HTTP date}.' } };
      }
      sandbox.throttleNext(count, { status: status as 429 | 503 | 504, retryAfter: text(body.retryAfter) });
      return { status: 204 };
    }
    case 'POST /_sandbox/claims':
      sandbox.requireClaims(text(body.claims));
      return { status: 204 };
    case 'POST /_sandbox/revoke':
      sandbox.revokeRefreshTokens();
      return { status: 204 };
    case 'GET /_sandbox/requests':
      return { status: 200, json: sandbox.requests };
    case 'GET /_sandbox/state':
      return { status: 200, json: sandbox.state };
    case 'POST /_sandbox/reset':
      sandbox.reset();
      return { status: 204 };
    default:
      return { status: 404, json: { error: 'not_found', message: `No control endpoint ${route}. See intune-assign sandbox --help.` } };
  }
}
