// Device codes of the sandbox's Entra ID: issued to a public client (POST /{tenant}/oauth2/v2.0/devicecode),
// approved or declined by a person on the device login page, by the terminal, by a script or a test, and
// polled for by the client (pending, declined, expired, or the tokens). Bounded: at most 100 live codes.
//
// Modelled, not documented: the device code lifetime of 900 s by default.
import { randomBytes } from 'node:crypto';
import type { ScopeRequest } from './tokens';
import type { SeedClient, SeedUser } from '../seed/format';

export interface DeviceCodeInfo {
  userCode: string;
  verificationUri: string;
  message: string;
  clientId: string;
  clientName: string;
  scopes: string[];
}

export interface DeviceCodeRecord {
  deviceCode: string;
  userCode: string;
  client: SeedClient;
  scopes: ScopeRequest;
  expiresAt: number;
  status: 'pending' | 'approved' | 'declined';
  user?: SeedUser;
}

const MAX_DEVICE_CODES = 100;

export class DeviceCodes {
  /** By device_code, oldest first. */
  private readonly codes = new Map<string, DeviceCodeRecord>();

  constructor(
    private readonly now: () => number,
    private readonly lifetimeSeconds: number,
    private readonly findUser: (hint: string | undefined) => SeedUser | undefined,
  ) {}

  /** A new code for the client; approved at once for `autoApprove` (by `user`). */
  create(client: SeedClient, scopes: ScopeRequest, autoApprove: SeedUser | undefined): DeviceCodeRecord {
    this.prune();
    while (this.codes.size >= MAX_DEVICE_CODES) this.codes.delete(this.codes.keys().next().value!);
    let userCode: string;
    do userCode = randomBytes(4).toString('hex').toUpperCase();
    while ([...this.codes.values()].some((d) => d.userCode === userCode));
    const record: DeviceCodeRecord = {
      deviceCode: randomBytes(32).toString('base64url'),
      userCode,
      client,
      scopes,
      expiresAt: this.now() + this.lifetimeSeconds * 1000,
      status: autoApprove ? 'approved' : 'pending',
      user: autoApprove,
    };
    this.codes.set(record.deviceCode, record);
    return record;
  }

  get(deviceCode: string): DeviceCodeRecord | undefined {
    return this.codes.get(deviceCode);
  }

  /** Redeemed: a device code gives tokens once. */
  redeem(deviceCode: string): void {
    this.codes.delete(deviceCode);
  }

  /** The newest code still waiting, for a terminal or a test to approve. */
  newestPending(): DeviceCodeRecord | undefined {
    const now = this.now();
    return [...this.codes.values()].reverse().find((d) => d.status === 'pending' && d.expiresAt > now);
  }

  /** The codes waiting for a person: for the device login page. */
  pending(): { userCode: string; clientName: string; expiresAt: number }[] {
    const now = this.now();
    return [...this.codes.values()].filter((d) => d.status === 'pending' && d.expiresAt > now).map((d) => ({ userCode: d.userCode, clientName: d.client.name, expiresAt: d.expiresAt }));
  }

  /** Approves or declines a pending code (or the newest); approval names a seeded user (default the first). */
  settle(status: 'approved' | 'declined', userCode?: string, userHint?: string): boolean {
    const now = this.now();
    const wanted = userCode?.replace(/[\s-]/g, '').toUpperCase();
    const record = wanted ? [...this.codes.values()].find((d) => d.userCode === wanted && d.status === 'pending') : this.newestPending();
    if (!record || record.expiresAt <= now) return false;
    if (status === 'approved') {
      const user = this.findUser(userHint);
      if (!user) return false;
      record.user = user;
    }
    record.status = status;
    return true;
  }

  /** Forgets codes long expired (a poll just after expiry still hears expired_token). */
  private prune(): void {
    const cutoff = this.now() - 15 * 60_000;
    for (const [k, d] of this.codes) if (d.expiresAt <= cutoff) this.codes.delete(k);
  }
}
