// Entry of the dist/cli-tenant.js bundle: the commands that work on a tenant's apps as a workspace.
export { runApply } from './apply';
export { runCopy } from './copy';
export { runPlan } from './plan';
export { runPullAll } from './pullAll';
export { runWhoTargets } from './whoTargets';
