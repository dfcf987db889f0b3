// The gate in front of the sandbox's Graph: a bearer token this sandbox issued (401 InvalidAuthenticationToken
// otherwise), a Conditional Access claims challenge on demand, failures on demand (throttleNext), the Intune
// applications service's throttling limits on its own resources, then the Graph router. JSON batches
// (POST /{version}/$batch) pass each inner request through the same gate after the token check.
import type { TokenCheck, TokenClaims } from '../entra/tokens';
import { runBatch } from '../graph/batch';
import { graphError, GraphReply, GraphRequest, TenantState } from '../graph/request';
import { handleGraph } from '../graph/router';
import { ForcedFailure, IntuneThrottle, ThrottleLimits } from '../graph/throttle';

/** A request as it reaches the gate: the Graph request before the gate adds the token's claims and the clock. */
export type GateRequest = Omit<GraphRequest, 'claims' | 'now'>;

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const TOKEN_PROBLEMS = {
  empty: 'Access token is empty.',
  malformed: 'IDX14100: JWT is not well formed: access token validation failure.',
  signature: 'Access token validation failure: the token was not issued by this sandbox (invalid signature).',
  expired: 'Lifetime validation failed, the token is expired.',
  tenant: 'Access token validation failure: the token is for another tenant.',
};

export class GraphGate {
  /** Failures on demand, in order; each entry covers `remaining` requests (so a large count costs nothing). */
  private readonly forced: { failure: ForcedFailure; remaining: number }[] = [];
  private claimsChallenge: string | undefined;
  private readonly throttle: IntuneThrottle;

  constructor(
    limits: ThrottleLimits,
    private readonly authorityOrigin: string,
    private readonly checkToken: (token: string | undefined) => TokenCheck,
    private readonly state: () => TenantState,
    private readonly now: () => number,
  ) {
    this.throttle = new IntuneThrottle(limits);
  }

  failNext(count: number, failure: ForcedFailure): void {
    if (count > 0) this.forced.push({ failure, remaining: count });
  }

  challengeNext(claims: string): void {
    this.claimsChallenge = claims;
  }

  reset(): void {
    this.throttle.reset();
    this.forced.length = 0;
    this.claimsChallenge = undefined;
  }

  handle(request: GateRequest): GraphReply {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const check = this.checkToken(bearer);
    const wwwAuthenticate = `Bearer realm="", authorization_uri="${this.authorityOrigin}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`;
    if (!('claims' in check)) return { ...graphError(401, 'InvalidAuthenticationToken', TOKEN_PROBLEMS[check.problem]), headers: { 'www-authenticate': wwwAuthenticate } };
    if (this.claimsChallenge !== undefined) {
      const challenge = Buffer.from(this.claimsChallenge).toString('base64');
      this.claimsChallenge = undefined;
      return {
        ...graphError(401, 'InvalidAuthenticationToken', 'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: insufficient_claims.'),
        headers: { 'www-authenticate': `${wwwAuthenticate}, error="insufficient_claims", claims="${challenge}"` },
      };
    }
    if (request.path.toLowerCase() === '/$batch') {
      return runBatch(request.rawBody, request.method, (inner) => this.admit({ ...request, ...inner, headers: { ...inner.headers, authorization: request.headers.authorization } }, check.claims));
    }
    return this.admit(request, check.claims);
  }

  /** One request past the token check: failures on demand, the Intune throttle, then Graph. */
  private admit(request: GateRequest, claims: TokenClaims): GraphReply {
    const next = this.forced[0];
    if (next && --next.remaining <= 0) this.forced.shift();
    const failure = next?.failure;
    if (failure) {
      const [code, message] =
        failure.status === 429 ? ['TooManyRequests', 'Too many requests (the sandbox was told to throttle this one).'] : failure.status === 503 ? ['serviceNotAvailable', 'The service is temporarily unavailable (on demand).'] : ['gatewayTimeout', 'The gateway timed out (on demand).'];
      return { ...graphError(failure.status, code, message), headers: failure.retryAfter !== undefined ? { 'retry-after': failure.retryAfter } : {} };
    }
    // The Intune applications service's limits apply to its own resources.
    if (/^\/deviceappmanagement\//i.test(request.path)) {
      const limited = this.throttle.admit(claims.tid, claims.azp, WRITE_METHODS.has(request.method), this.now());
      if (limited) {
        return {
          ...graphError(429, 'activityLimitReached', `The Intune applications service throttled the request: more than its limit of requests from this app in 20 seconds. Retry after ${limited.retryAfterSeconds} s.`),
          headers: { 'retry-after': String(limited.retryAfterSeconds) },
        };
      }
    }
    return handleGraph(this.state(), { ...request, claims, now: this.now() });
  }
}
