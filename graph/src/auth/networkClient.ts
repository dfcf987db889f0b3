// MSAL's network client for the sandbox cloud: MSAL refuses http authorities, so the sandbox's Entra ID is
// advertised on an https host that never resolves (sandbox-login.invalid) and this client carries MSAL's
// requests for that host to the emulator on loopback. Any other host is refused, so a sandbox sign-in can never
// reach a real Entra ID, and nothing here leaves the machine.
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

export class LoopbackNetworkClient implements INetworkModule {
  private readonly publicOrigin: string;

  constructor(publicOrigin: string, private readonly loopbackOrigin: string) {
    this.publicOrigin = new URL(publicOrigin).origin;
    const loopback = new URL(loopbackOrigin);
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(loopback.hostname)) throw new Error(`${loopbackOrigin} is not a loopback address.`);
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(method: string, url: string, options: NetworkRequestOptions = {}, timeout = 30_000): Promise<NetworkResponse<T>> {
    const target = new URL(url);
    if (target.origin !== this.publicOrigin) throw new Error(`The sandbox sign-in refuses to contact ${target.origin}.`);
    const mapped = new URL(`${target.pathname}${target.search}`, this.loopbackOrigin);
    const response = await fetch(mapped, { method, headers: options.headers, body: options.body, signal: AbortSignal.timeout(timeout) });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { error: 'invalid_response', error_description: text.slice(0, 200) };
    }
    // MSAL reads error replies (the device code poll's 400) from the body: they are returned, not thrown.
    return { headers: Object.fromEntries(response.headers), body: body as T, status: response.status };
  }
}
