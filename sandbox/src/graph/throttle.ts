// Throttling of the sandbox's Graph: the Intune applications service's documented limits
// (learn.microsoft.com/graph/throttling-limits, Intune applications service: per app per tenant 100 writes and 1000 requests in 20 s; per tenant, all apps together,
// 200 writes and 2000 requests in 20 s) as sliding windows, where "app" is the calling application (the
// token's client id), as in Graph's throttling documentation; and failures queued on demand (throttleNext).

export interface ThrottleLimits {
  windowMs: number;
  appWrites: number;
  appRequests: number;
  tenantWrites: number;
  tenantRequests: number;
}

export const INTUNE_APPLICATIONS_LIMITS: ThrottleLimits = { windowMs: 20_000, appWrites: 100, appRequests: 1000, tenantWrites: 200, tenantRequests: 2000 };

/** Timestamps of admitted requests within the window; never longer than its limit. */
class Window {
  private readonly times: number[] = [];

  constructor(private readonly limit: number) {}

  /** Milliseconds until a slot frees, or 0 when one is free now. */
  wait(now: number, windowMs: number): number {
    while (this.times.length && this.times[0] <= now - windowMs) this.times.shift();
    return this.times.length < this.limit ? 0 : this.times[0] + windowMs - now;
  }

  add(now: number): void {
    this.times.push(now);
  }
}

/**
 * The Intune applications service's limits. A refused request does not count against them (a client retrying
 * after Retry-After gets in then).
 */
export class IntuneThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly limits: ThrottleLimits = INTUNE_APPLICATIONS_LIMITS) {}

  /** Admits the request, or returns the seconds to wait (for Retry-After). */
  admit(tenantId: string, clientId: string, write: boolean, now: number): { retryAfterSeconds: number } | undefined {
    const l = this.limits;
    const relevant: Window[] = [this.window(`t|${tenantId}`, l.tenantRequests), this.window(`a|${tenantId}|${clientId}`, l.appRequests)];
    if (write) relevant.push(this.window(`tw|${tenantId}`, l.tenantWrites), this.window(`aw|${tenantId}|${clientId}`, l.appWrites));
    const wait = Math.max(...relevant.map((w) => w.wait(now, l.windowMs)));
    if (wait > 0) return { retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
    for (const w of relevant) w.add(now);
    return undefined;
  }

  reset(): void {
    this.windows.clear();
  }

  private window(key: string, limit: number): Window {
    let w = this.windows.get(key);
    if (!w) this.windows.set(key, (w = new Window(limit)));
    return w;
  }
}

export interface ForcedFailure {
  status: 429 | 503 | 504;
  /** Seconds or an HTTP date, sent as it is; undefined sends no Retry-After. */
  retryAfter?: string;
}
