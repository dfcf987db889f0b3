// The sandbox's pages for a person in a browser: the device login page (enter the code, pick who signs in,
// Sign in or Decline) and plain result pages. A page's form carries a token only this sandbox can make (an
// HMAC of when it was served, valid 30 minutes), so another web page cannot post to it; the HTTP side also
// refuses a POST whose Origin is not the sandbox's own (pages are served with Referrer-Policy: same-origin,
// so the browser names the page's origin when it posts the form back). Links are relative, and the form posts
// back to the page's own address, so the pages work under a port forward's path (code-server's /proxy/PORT/).
import { timingSafeEqual } from 'node:crypto';
import type { DeviceCodes } from './deviceCodes';
import type { SandboxSeed, SeedUser } from '../seed/format';

export interface PageReply {
  status: number;
  html: string;
}

const FORM_TOKEN_LIFETIME_MS = 30 * 60_000;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A plain page; `body` is HTML the caller has escaped. */
export function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family: sans-serif; margin: 3em; max-width: 40em"><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

export class DeviceLoginPage {
  constructor(
    private readonly seed: SandboxSeed,
    private readonly codes: DeviceCodes,
    private readonly mac: (text: string) => string,
    private readonly now: () => number,
    private readonly findUser: (hint: string | undefined) => SeedUser | undefined,
  ) {}

  /** GET /devicelogin (`?user_code=` prefills the code) and POST /devicelogin (the form). */
  handle(method: string, query: URLSearchParams, raw: string): PageReply {
    if (method === 'POST') return this.submit(new URLSearchParams(raw));
    if (method !== 'GET') return { status: 405, html: page('Not allowed', '<p>GET or POST only.</p>') };
    const prefill = query.get('user_code') ?? this.codes.newestPending()?.userCode ?? '';
    const users = this.seed.users.map((u, i) => `<option value="${escapeHtml(u.upn)}"${i === 0 ? ' selected' : ''}>${escapeHtml(u.name)} (${escapeHtml(u.upn)})</option>`).join('');
    const waiting = this.codes.pending();
    const list = waiting.length ? `<p>Waiting: ${waiting.map((w) => `<code>${escapeHtml(w.userCode)}</code> (${escapeHtml(w.clientName)})`).join(', ')}</p>` : '<p>No code is waiting right now.</p>';
    return {
      status: 200,
      html: page(
        'Sign in to the sandbox',
        `<p>Enter the code the application shows. No password: this is a local emulator of ${escapeHtml(this.seed.tenant.displayName ?? this.seed.tenant.domain)}.</p>${list}` +
          `<form method="post"><input type="hidden" name="form_token" value="${escapeHtml(this.formToken())}">` +
          `<p><label>Code <input name="user_code" autocomplete="off" autofocus value="${escapeHtml(prefill)}"></label></p>` +
          `<p><label>Sign in as <select name="user">${users}</select></label></p>` +
          `<p><button name="action" value="approve">Sign in</button> <button name="action" value="deny">Decline</button></p></form>`,
      ),
    };
  }

  private submit(form: URLSearchParams): PageReply {
    if (!this.validToken(form.get('form_token'))) {
      return { status: 403, html: page('Sign-in refused', '<p>This form is not one the sandbox served, or it is older than 30 minutes. <a href="devicelogin">Open the sign-in page again</a>.</p>') };
    }
    const code = form.get('user_code') ?? form.get('code') ?? '';
    const user = form.get('user') ?? undefined;
    const deny = form.get('action') === 'deny';
    const ok = deny ? this.codes.settle('declined', code) : this.codes.settle('approved', code, user);
    const title = ok ? (deny ? 'Sign-in declined' : 'Signed in') : 'Unknown code';
    const text = ok
      ? deny
        ? '<p>The sign-in was declined. Go back to your terminal or editor.</p>'
        : `<p>You are signed in to the sandbox as ${escapeHtml(this.findUser(user)?.upn ?? '')}. Go back to your terminal or editor.</p>`
      : '<p>That code is unknown, expired or already used. <a href="devicelogin">Try again</a>.</p>';
    return { status: ok ? 200 : 400, html: page(title, text) };
  }

  /** `{served at}.{HMAC}`: proves the form came from this sandbox, recently. */
  private formToken(): string {
    const at = String(this.now());
    return `${at}.${this.mac(`devicelogin|${at}`)}`;
  }

  private validToken(token: string | null): boolean {
    const m = /^(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
    if (!m) return false;
    const age = this.now() - Number(m[1]);
    if (age < 0 || age > FORM_TOKEN_LIFETIME_MS) return false;
    return timingSafeEqual(Buffer.from(this.mac(`devicelogin|${m[1]}`)), Buffer.from(m[2]));
  }
}
