// Options shared by the commands that talk to Graph (send, pull, diff): the cloud, the sign-in and the app.
// Secrets are never taken on the command line, where every user of the machine can read them: only the names
// of environment variables or files that hold them.
import { CLOUDS, Cloud, GRAPH_VERSIONS, GraphVersion } from '../../../common/src/constants';
import { UsageError } from '../usage';

export interface GraphOptions {
  app?: string;
  file?: string;
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
  // send
  merge: boolean;
  dryRun: boolean;
  yes: boolean;
  justification?: string;
  format: 'text' | 'json';
  // pull
  output?: string;
  keepComputed: boolean;
}

export const COMMON_HELP = `Sign-in and cloud (every option also works as --name=value):
  --tenant ID                      Tenant id or domain (default: your home tenant; required for app-only sign-in).
  --client-id ID                   App registration to sign in with (default for people: Microsoft Graph
                                   Command Line Tools, 14d82eec-204b-4c2f-b7e8-296a70dab67e).
  --device-code                    Sign in with a device code instead of the browser.
  --client-secret-env VAR          App-only: the client secret is in environment variable VAR.
  --certificate PEM                App-only: certificate and private key in a PEM file.
  --certificate-password-env VAR   ... and the key's passphrase in environment variable VAR.
  --client-assertion-file FILE     App-only: a federated credential (e.g. a CI's OIDC token) in FILE.
  --access-token-env VAR           Use the access token in environment variable VAR; no sign-in.
  --cloud NAME                     ${CLOUDS.join(', ')} (default: global).
  --graph-url URL                  With --cloud custom: the https Graph root (the version is appended).
  --authority-url URL              With --cloud custom: the https authority root (the tenant is appended).
  --graph-version beta|v1.0        Default: the configuration file's, else beta.
  --config FILE                    Configuration file (default: intune-assign.config.json here or above).
The sandbox cloud talks to \`intune-assign sandbox\` at $INTUNE_ASSIGN_SANDBOX_URL (default http://127.0.0.1:8765).
Delegated sign-ins are cached in $XDG_CONFIG_HOME/intune-assign/msal-token-cache.json (owner-only);
INTUNE_ASSIGN_TOKEN_CACHE=none turns that off, or names another file.
`;

const VALUE_FLAGS: Record<string, keyof GraphOptions> = {
  '--app': 'app',
  '--tenant': 'tenant',
  '--client-id': 'clientId',
  '--client-secret-env': 'clientSecretEnv',
  '--certificate': 'certificate',
  '--certificate-password-env': 'certificatePasswordEnv',
  '--client-assertion-file': 'clientAssertionFile',
  '--access-token-env': 'accessTokenEnv',
  '--cloud': 'cloud',
  '--graph-url': 'graphUrl',
  '--authority-url': 'authorityUrl',
  '--graph-version': 'graphVersion',
  '--config': 'config',
  '--justification': 'justification',
  '--format': 'format',
  '--output': 'output',
  '-o': 'output',
};
const BOOLEAN_FLAGS: Record<string, keyof GraphOptions> = {
  '--device-code': 'deviceCode',
  '--merge': 'merge',
  '--dry-run': 'dryRun',
  '--yes': 'yes',
  '-y': 'yes',
  '--keep-computed': 'keepComputed',
};
/** Flags that would put a secret in argv: refused with the safe alternative. */
const SECRET_FLAGS: Record<string, string> = {
  '--client-secret': '--client-secret-env VAR',
  '--access-token': '--access-token-env VAR',
  '--certificate-password': '--certificate-password-env VAR',
  '--client-assertion': '--client-assertion-file FILE',
};

/**
 * Parses `args` for a command that accepts `flags` (of the names above) and, when `positional` is set, one
 * positional argument (the document). Returns 'help' for -h/--help.
 */
export function parseGraphArgs(args: string[], flags: string[], positional: boolean): GraphOptions | 'help' {
  const options: GraphOptions = { deviceCode: false, merge: false, dryRun: false, yes: false, format: 'text', keepComputed: false };
  const allowed = new Set(flags);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return 'help';
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (SECRET_FLAGS[name]) throw new UsageError(`${name} would put a secret on the command line, where other users of the machine can read it: use ${SECRET_FLAGS[name]}.`);
    if (name.startsWith('-') && !allowed.has(name) && !(name === '-o' && allowed.has('--output')) && !(name === '-y' && allowed.has('--yes'))) {
      throw new UsageError(`Unknown option ${name}.`);
    }
    if (BOOLEAN_FLAGS[name]) {
      if (eq > 0) throw new UsageError(`${name} takes no value.`);
      (options[BOOLEAN_FLAGS[name]] as boolean) = true;
    } else if (VALUE_FLAGS[name]) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') throw new UsageError(`${name} needs a value.`);
      (options[VALUE_FLAGS[name]] as string) = value;
    } else if (positional && options.file === undefined) {
      options.file = arg;
    } else {
      throw new UsageError(`Unexpected argument "${arg}".`);
    }
  }
  if (options.cloud && !(CLOUDS as readonly string[]).includes(options.cloud)) throw new UsageError(`--cloud must be one of ${CLOUDS.join(', ')}, not "${options.cloud}".`);
  if (options.graphVersion && !(GRAPH_VERSIONS as readonly string[]).includes(options.graphVersion)) throw new UsageError(`--graph-version must be beta or v1.0.`);
  if (!['text', 'json'].includes(options.format)) throw new UsageError(`--format must be text or json, not "${options.format}".`);
  const appOnly = [options.clientSecretEnv, options.certificate, options.clientAssertionFile, options.accessTokenEnv].filter(Boolean).length;
  if (appOnly > 1) throw new UsageError('Choose one of --client-secret-env, --certificate, --client-assertion-file and --access-token-env.');
  if (appOnly && options.deviceCode) throw new UsageError('--device-code is for people; it does not go with app-only credentials.');
  if (options.certificatePasswordEnv && !options.certificate) throw new UsageError('--certificate-password-env goes with --certificate.');
  if (options.justification !== undefined && options.justification.length > 1024) throw new UsageError('--justification is limited to 1024 characters.');
  if (allowed.has('--app') && !options.app) throw new UsageError('--app ID is required: the id (a GUID) of the Intune app.');
  if (positional && !options.file) throw new UsageError('The document to send is required: intune-assign <command> FILE --app ID.');
  return options;
}

export const COMMON_FLAGS = [
  '--tenant',
  '--client-id',
  '--client-secret-env',
  '--certificate',
  '--certificate-password-env',
  '--client-assertion-file',
  '--device-code',
  '--access-token-env',
  '--cloud',
  '--graph-url',
  '--authority-url',
  '--graph-version',
  '--config',
];
