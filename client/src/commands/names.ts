// The command ids the extension contributes (package.json), declared once for the commands, code lens and status bar.
export const COMMAND = {
  send: 'intuneAssign.send',
  pull: 'intuneAssign.pull',
  compare: 'intuneAssign.compare',
  selectApp: 'intuneAssign.selectApp',
  signIn: 'intuneAssign.signIn',
  signOut: 'intuneAssign.signOut',
  refreshApps: 'intuneAssign.refreshApps',
  planWorkspace: 'intuneAssign.planWorkspace',
  applyWorkspace: 'intuneAssign.applyWorkspace',
  bindToApp: 'intuneAssign.bindToApp',
  showAppDiff: 'intuneAssign.showAppDiff',
  showPlan: 'intuneAssign.showPlan',
  refreshTenantData: 'intuneAssign.refreshTenantData',
} as const;
