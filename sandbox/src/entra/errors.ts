// Replies of the sandbox's Entra ID and its errors, shaped like Entra's: error, error_description with an
// AADSTS code, trace and correlation ids and a timestamp, error_codes, timestamp, trace_id, correlation_id.
import { randomUUID } from 'node:crypto';

export interface EntraReply {
  status: number;
  json?: unknown;
  html?: string;
  redirect?: string;
  headers?: Record<string, string>;
}

export class EntraErrors {
  constructor(
    private readonly publicOrigin: string,
    private readonly now: () => number,
  ) {}

  error(status: number, error: string, code: number, message: string, correlationId?: string, extra: Record<string, unknown> = {}): EntraReply {
    const traceId = randomUUID();
    const correlation = correlationId ?? randomUUID();
    const timestamp = entraTimestamp(this.now());
    return {
      status,
      headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
      json: {
        error,
        error_description: `AADSTS${code}: ${message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
        error_codes: [code],
        timestamp,
        trace_id: traceId,
        correlation_id: correlation,
        error_uri: this.uri(code),
        ...extra,
      },
    };
  }

  /** The error_description text alone (for errors carried back on a redirect). */
  describe(code: number, message: string, correlationId?: string): string {
    return `AADSTS${code}: ${message}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${correlationId ?? randomUUID()}\r\nTimestamp: ${entraTimestamp(this.now())}`;
  }

  uri(code: number): string {
    return `${this.publicOrigin}/error?code=${code}`;
  }

  missing(parameter: string, correlationId?: string): EntraReply {
    return this.error(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${parameter}'.`, correlationId);
  }
}

/** Entra's `timestamp` format: `2026-11-28 15:11:05Z`. */
function entraTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
