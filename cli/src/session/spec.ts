// The declarations of `login`, `logout` and `whoami`: a person's session kept for the commands and editors that
// use it without signing in (`intune-assign lsp`, `lint --online`). Light on purpose: read for --help and
// argument checks before any sign-in code loads.
import type { CommandSpec, OptionGroup } from '../options';
import { SIGN_IN_GROUP } from './signInOptions';

/** What a person signs in with: no app-only credential (a pipeline passes its own to each command). */
const PERSON_SIGN_IN: OptionGroup = {
  title: 'Sign-in and cloud (every option also works as --name=value)',
  options: SIGN_IN_GROUP.options.filter((o) => ['tenant', 'client-id', 'device-code', 'cloud', 'graph-url', 'authority-url'].includes(o.name)),
  notes: `The session is kept beside the token cache: $XDG_CONFIG_HOME/intune-assign/msal-token-cache.json (or the file
INTUNE_ASSIGN_TOKEN_CACHE names), with .session.json (cloud, tenant, client id, account; never a secret) and
.directory.json (the tenant's group and filter names, read as needed), all readable by their owner only.
The sandbox cloud talks to \`intune-assign sandbox\` at $INTUNE_ASSIGN_SANDBOX_URL (default http://127.0.0.1:8765).`,
};

const EXIT_CODES = 'Exit codes: 0 done, 2 usage, 3 sign-in failed (whoami: not signed in, or the session needs a new sign-in).';

export const LOGIN: CommandSpec = {
  name: 'login',
  usage: 'login [--device-code] [--tenant ID] [--client-id ID] [--cloud NAME]',
  summary: 'Sign in and keep the session: intune-assign lsp and lint --online then read group and filter names.',
  description: `Signs a person in (the browser, or a device code) and keeps the session, so that \`intune-assign lsp\` in any
editor shows group and filter names (completion, hover, inlay hints, the group-not-found, filter-not-found and
filter-platform-mismatch rules) and \`intune-assign lint --online\` checks ids against the tenant, without
signing in again. It asks only for what reading names needs: Directory.Read.All (groups by id, 1,000 a request)
and DeviceManagementConfiguration.Read.All (assignment filters). A new login replaces the kept session.`,
  groups: [PERSON_SIGN_IN],
  epilogue: EXIT_CODES,
};

export const LOGOUT: CommandSpec = {
  name: 'logout',
  usage: 'logout',
  summary: 'End the kept session: remove its tokens and the tenant data read with it.',
  description: 'Removes the kept session: MSAL\'s token cache, the session file and the cached group and filter names. A running `intune-assign lsp` forgets the names at once.',
  groups: [],
  epilogue: EXIT_CODES,
};

export const WHOAMI: CommandSpec = {
  name: 'whoami',
  usage: 'whoami',
  summary: 'Say who the kept session signs in as, where, and whether it can read names.',
  description: 'Prints the kept session\'s account, tenant, cloud and client id, whether it still gives a token without signing in, and which of the permissions reading names needs the token carries. Nothing is sent to Graph.',
  groups: [],
  epilogue: EXIT_CODES,
};
