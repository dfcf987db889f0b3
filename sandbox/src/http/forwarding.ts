// Where a person's browser reaches the sandbox's pages when it cannot reach 127.0.0.1:PORT itself: through a
// port forward, such as code-server's path proxy (https://host/proxy/PORT/) or a VS Code remote's forwarded
// port (http://localhost:OTHER/). The extension learns that address from VS Code (env.asExternalUri) and
// gives it here; the device codes then name the page there, and the page answers requests that arrive
// through it.
//
// What arrives through code-server's proxy (4.x, routes/pathProxy.ts, http-proxy without changeOrigin or
// xfwd): the path without /proxy/PORT, and the browser's own Host (code-server's host), with no
// X-Forwarded-* headers. So the forwarded address's host is accepted as a Host, and its origin as a POST's
// Origin, for the person's pages only (the index and the device login page), never for Graph, Entra's
// endpoints or the control endpoints. (A forward that sets the Host to its target instead arrives with the
// sandbox's own Host; the page takes the forward's Origin then too.) A DNS-rebinding page cannot send the
// forward's Host: its own name is in the URL the browser fetches, and the forwarded host is the workbench's,
// which the attacker does not control. X-Forwarded-Host is never trusted: a rebinding page can set it on a
// same-origin fetch. The page's form token is wanted all the same.

export interface Forwarded {
  /** The forwarded address of the sandbox's root, ending in `/` (e.g. http://127.0.0.1:8080/proxy/41234/). */
  base: string;
  /** Its Host header value (host[:port], the port only when not the scheme's default). */
  host: string;
  /** Its origin, as a browser sends it in Origin. */
  origin: string;
}

/** Checks a forwarded address: absolute http(s), no credentials, query or fragment. The path gets a final `/`. */
export function parseForwardedUrl(text: string): Forwarded {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RangeError(`The forwarded address must be an absolute http(s) URL, not ${JSON.stringify(text)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RangeError(`The forwarded address must be http or https, not ${url.protocol}.`);
  if (url.username || url.password || url.search || url.hash) throw new RangeError('The forwarded address must carry no credentials, query or fragment.');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { base: url.href, host: url.host.toLowerCase(), origin: url.origin };
}
