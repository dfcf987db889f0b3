// The options every command that talks to a tenant shares (send, diff, pull, and those to come): the cloud and
// the sign-in. Secrets are never taken on the command line, where every user of the machine can read them:
// only the names of environment variables or files that hold them (options.ts refuses --client-secret and the
// like with the safe alternative).
import { CLOUDS, type Cloud, GRAPH_VERSIONS, type GraphVersion } from '../../../common/src/constants';
import { type OptionGroup, type ParsedValues, UsageError } from '../options';

/** The sign-in and cloud a command was given. */
export interface SignInOptions {
  tenant?: string;
  clientId?: string;
  clientSecretEnv?: string;
  certificate?: string;
  certificatePasswordEnv?: string;
  clientAssertionFile?: string;
  deviceCode: boolean;
  accessTokenEnv?: string;
  cloud?: Cloud;
  graphUrl?: string;
  authorityUrl?: string;
  graphVersion?: GraphVersion;
  config?: string;
}

export const SIGN_IN_GROUP: OptionGroup = {
  title: 'Sign-in and cloud (every option also works as --name=value)',
  options: [
    { name: 'tenant', type: 'string', value: 'ID', help: 'Tenant id or domain (default: your home tenant; required for app-only sign-in).' },
    { name: 'client-id', type: 'string', value: 'ID', help: 'App registration to sign in with (default for people: Microsoft Graph Command Line Tools, 14d82eec-204b-4c2f-b7e8-296a70dab67e).' },
    { name: 'device-code', type: 'boolean', help: 'Sign in with a device code instead of the browser.' },
    { name: 'client-secret-env', type: 'string', value: 'VAR', help: 'App-only: the client secret is in environment variable VAR.' },
    { name: 'certificate', type: 'string', value: 'PEM', help: 'App-only: certificate and private key in a PEM file.' },
    { name: 'certificate-password-env', type: 'string', value: 'VAR', help: "... and the key's passphrase in environment variable VAR." },
    { name: 'client-assertion-file', type: 'string', value: 'FILE', help: "App-only: a federated credential (e.g. a CI's OIDC token) in FILE." },
    { name: 'access-token-env', type: 'string', value: 'VAR', help: 'Use the access token in environment variable VAR; no sign-in.' },
    { name: 'cloud', type: 'string', value: 'NAME', choices: CLOUDS, help: `${CLOUDS.join(', ')} (default: global).` },
    { name: 'graph-url', type: 'string', value: 'URL', help: 'With --cloud custom: the https Graph root (the version is appended).' },
    { name: 'authority-url', type: 'string', value: 'URL', help: 'With --cloud custom: the https authority root (the tenant is appended).' },
    { name: 'graph-version', type: 'string', value: 'beta|v1.0', choices: GRAPH_VERSIONS, help: "Default: the configuration file's, else beta." },
    { name: 'config', type: 'string', value: 'FILE', help: 'Configuration file (default: the nearest intune-assign.config.json at or above the document).' },
  ],
  notes: `The sandbox cloud talks to \`intune-assign sandbox\` at $INTUNE_ASSIGN_SANDBOX_URL (default http://127.0.0.1:8765).
Delegated sign-ins are cached in $XDG_CONFIG_HOME/intune-assign/msal-token-cache.json (owner-only);
INTUNE_ASSIGN_TOKEN_CACHE=none turns that off, or names another file.`,
};

/** Reads the sign-in options out of parsed values and checks they go together. */
export function signInOptions(values: ParsedValues): SignInOptions {
  const text = (name: string) => values[name] as string | undefined;
  const options: SignInOptions = {
    tenant: text('tenant'),
    clientId: text('client-id'),
    clientSecretEnv: text('client-secret-env'),
    certificate: text('certificate'),
    certificatePasswordEnv: text('certificate-password-env'),
    clientAssertionFile: text('client-assertion-file'),
    deviceCode: values['device-code'] === true,
    accessTokenEnv: text('access-token-env'),
    cloud: text('cloud') as Cloud | undefined,
    graphUrl: text('graph-url'),
    authorityUrl: text('authority-url'),
    graphVersion: text('graph-version') as GraphVersion | undefined,
    config: text('config'),
  };
  const appOnly = [options.clientSecretEnv, options.certificate, options.clientAssertionFile, options.accessTokenEnv].filter(Boolean).length;
  if (appOnly > 1) throw new UsageError('Choose one of --client-secret-env, --certificate, --client-assertion-file and --access-token-env.');
  if (appOnly && options.deviceCode) throw new UsageError('--device-code is for people; it does not go with app-only credentials.');
  if (options.certificatePasswordEnv && !options.certificate) throw new UsageError('--certificate-password-env goes with --certificate.');
  return options;
}
