// The local tenant emulator, run inside the extension host when the cloud is `sandbox`, so the whole flow can
// be tried with no tenant: started on first use on a free loopback port, stopped with the extension. Device
// codes wait for approval on the sandbox's own device login page, as a real tenant's do. The emulator is a
// bundle of its own (dist/sandbox.js, beside dist/extension.js), loaded only here, on first use: an extension
// that never uses the sandbox never loads it.
//
// In a browser or remote workbench the person's browser cannot open 127.0.0.1:PORT of the extension host's
// machine: VS Code forwards the port (env.asExternalUri). code-server 4.x answers that with
// https://HOST/proxy/PORT/ (its product.proxyEndpointTemplate; any path given is dropped, so the root is asked
// for), and its proxy passes the browser's Host on. The sandbox is told that address, so the device code names
// the page there and the page answers requests that come through it (sandbox/src/http/forwarding.ts).
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DeviceCodeInfo, Sandbox } from '../../sandbox/src/sandbox';
import type { Logger } from '../../graph/src/log';

type SandboxModule = typeof import('../../sandbox/src/sandbox');

/** dist/sandbox.js, read when first needed (the extension's own bundle is dist/extension.js, in the same folder). */
function loadSandbox(): SandboxModule {
  // A require by path at run time, so esbuild leaves the sandbox out of the extension's bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(__dirname, 'sandbox.js')) as SandboxModule;
}

export class SandboxHost {
  private starting: Promise<Sandbox> | undefined;
  private readonly issued = new vscode.EventEmitter<DeviceCodeInfo>();
  /** The sandbox issued a device code (it waits for approval on its device login page). */
  readonly onDeviceCode = this.issued.event;
  private readonly signInPages = new vscode.EventEmitter<string>();
  /**
   * The browser was sent to the sandbox's sign-in page, at this address. A browser workbench (code-server)
   * forwards a loopback address it opens through its own port proxy without the path, so the e2e tests open
   * this address as a desktop's browser would.
   */
  readonly onSignInPage = this.signInPages.event;

  constructor(private readonly log: Logger) {}

  /** Called when the browser is sent to the sandbox's sign-in page. */
  signInPageOpened(url: string): void {
    this.signInPages.fire(url);
  }

  /** The running sandbox, started if need be (its bundle loaded on first use). */
  get(): Promise<Sandbox> {
    this.starting ??= Promise.resolve()
      .then(() => loadSandbox().startSandbox({ port: 0, log: (line) => this.log.debug('sandbox', line), onDeviceCode: (info) => this.issued.fire(info) }))
      .then(
        async (sandbox) => {
          this.log.info('sandbox', `The sandbox tenant is running at ${sandbox.url} (tenant ${sandbox.tenantId}).`);
          await this.forward(sandbox);
          return sandbox;
        },
        (error: unknown) => {
          this.starting = undefined;
          throw error;
        },
      );
    return this.starting;
  }

  /** Tells the sandbox where the person's browser reaches it, when VS Code forwards its port. */
  private async forward(sandbox: Sandbox): Promise<void> {
    const own = vscode.Uri.parse(`${sandbox.url}/`, true);
    let external: string;
    try {
      external = (await vscode.env.asExternalUri(own)).toString(true);
    } catch (error) {
      this.log.warn('sandbox', `VS Code did not forward the sandbox's port (${(error as Error).message}); its sign-in page is at ${sandbox.url}/devicelogin.`);
      return;
    }
    // A desktop window on this machine: the browser opens the sandbox itself.
    if (external === own.toString(true)) return;
    try {
      sandbox.setForwardedUrl(external);
      this.log.info('sandbox', `VS Code forwards the sandbox's port: its sign-in page is at ${sandbox.forwardedUrl ?? external}devicelogin.`);
    } catch (error) {
      this.log.warn('sandbox', `VS Code forwards the sandbox's port to an address the sandbox cannot use (${(error as Error).message}); its sign-in page is at ${sandbox.url}/devicelogin.`);
    }
  }

  async dispose(): Promise<void> {
    this.issued.dispose();
    this.signInPages.dispose();
    const starting = this.starting;
    this.starting = undefined;
    if (starting) await (await starting.catch(() => undefined))?.close();
  }
}
