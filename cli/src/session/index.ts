// Entry of the dist/cli-session.js bundle: the kept session (login, logout, whoami) and what lint --online reads
// with it, loaded only when one of them runs.
export { runLogin, runLogout, runWhoami } from './login';
export { OnlineUnavailable, onlineFacts } from './online';
