// Entry of the dist/cli-send.js bundle: the commands that talk to a tenant (send, diff, pull).
export { runDiffCommand, runSendCommand } from './send';
export { runPullCommand } from './pull';
