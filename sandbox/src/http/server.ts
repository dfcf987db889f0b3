// The sandbox's HTTP(S) server on 127.0.0.1: reads each request (bodies over 1 MB refused with 413, and cut
// off past 16 MB), refuses a Host other than its own (DNS rebinding) and cross-origin POSTs to its pages and
// control endpoints (so a web page in the user's browser cannot drive it), routes to Entra ID, Graph, the
// device login page and the control endpoints (routing.ts), and answers with Graph's or Entra's headers, a
// request id, and one recorded entry and log line per request.
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { graphError } from '../graph/request';
import { recordRequest, RecordedRequest } from './recording';

export interface Reply {
  status: number;
  json?: unknown;
  html?: string;
  redirect?: string;
  headers?: Record<string, string>;
}

export type Route = (req: IncomingMessage, raw: string) => Reply;

export interface ServerOptions {
  port: number;
  tls?: { cert: string; key: string };
  now: () => number;
  maxRecorded: number;
  log?: (line: string) => void;
}

export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this an oversized upload is cut off instead of drained (the 413 is sent first). */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;
const GRAPH_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function isGraphPath(path: string): boolean {
  return /^\/(beta|v1\.0)(\/|$|\?)/.test(path);
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export class SandboxServer {
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;
  /** Set once listening (the routes need the port). */
  route: Route = () => ({ status: 503, json: { error: 'starting' } });

  constructor(private readonly options: ServerOptions) {
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res);
    this.server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createHttpServer(handler);
    this.server.headersTimeout = 30_000;
    this.server.requestTimeout = 60_000;
  }

  /** Listens on 127.0.0.1; resolves with the port. */
  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const started = this.options.now();
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES;
    let answered = false;
    const finish = (reply: Reply, raw: string) => {
      if (answered) return;
      answered = true;
      this.send(req, res, reply, raw, started);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else if (!tooLarge) chunks.push(chunk);
      if (size > MAX_DRAIN_BYTES && !answered) {
        // Enough: answer now and drop the connection rather than read more.
        res.once('finish', () => req.destroy());
        finish(tooLargeReply(req), '');
      }
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      const raw = tooLarge ? '' : Buffer.concat(chunks).toString('utf8');
      let reply: Reply;
      try {
        reply = tooLarge ? tooLargeReply(req) : this.route(req, raw);
      } catch (error) {
        reply = graphError(500, 'InternalServerError', `The sandbox failed: ${(error as Error).message}`);
      }
      finish(reply, raw);
    });
  }

  private send(req: IncomingMessage, res: ServerResponse, reply: Reply, raw: string, started: number): void {
    const requestId = randomUUID();
    const clientRequestId = header(req, 'client-request-id');
    const date = new Date(this.options.now());
    const headers: Record<string, string> = {
      'request-id': requestId,
      'client-request-id': clientRequestId ?? requestId,
      date: date.toUTCString(),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...(reply.headers ?? {}),
    };
    let text = '';
    if (reply.redirect) headers.location = reply.redirect;
    if (reply.html !== undefined) {
      headers['content-type'] = 'text/html; charset=utf-8';
      headers['x-frame-options'] = 'DENY';
      // same-origin: a browser posting a page's form back names the page's origin (no-referrer would make it
      // "null", which the origin check must refuse); nothing is sent to other origins.
      headers['referrer-policy'] = 'same-origin';
      headers['content-security-policy'] ??= "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";
      text = reply.html;
    } else if (reply.json !== undefined) {
      const graph = isGraphPath(req.url ?? '/');
      headers['content-type'] = graph ? GRAPH_CONTENT_TYPE : 'application/json; charset=utf-8';
      const json = reply.json as { error?: { innerError?: Record<string, string> } };
      if (graph && json?.error?.innerError) {
        json.error.innerError.date = date.toISOString().slice(0, 19);
        json.error.innerError['request-id'] = requestId;
        json.error.innerError['client-request-id'] = clientRequestId ?? requestId;
      }
      text = JSON.stringify(reply.json);
    }
    if (!res.headersSent) {
      res.writeHead(reply.status, headers);
      res.end(text);
    }
    const durationMs = Math.max(0, this.options.now() - started);
    const recorded = recordRequest(req, reply.status, raw, started, durationMs);
    this.requests.push(recorded);
    while (this.requests.length > this.options.maxRecorded) this.requests.shift();
    this.options.log?.(`${req.method} ${recorded.path.split('?')[0]} -> ${reply.status} (${durationMs} ms)`);
  }
}

function tooLargeReply(req: IncomingMessage): Reply {
  return isGraphPath(req.url ?? '/')
    ? graphError(413, 'RequestEntityTooLarge', `The request body is larger than ${MAX_BODY_BYTES} bytes.`)
    : { status: 413, json: { error: 'invalid_request', error_description: `The request body is larger than ${MAX_BODY_BYTES} bytes.` } };
}
