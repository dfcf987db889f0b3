// The seed's front door (what the command line, the extension and the tests import): the seed format and its
// parser, the demo tenant and its second tenant, large generated tenants, and the demo credentials.
export * from './seed/format';
export { parseSeed } from './seed/parse';
export * from './seed/demoTenant';
export { largeTenant, MAX_SEEDED_APPS, MAX_SEEDED_ASSIGNMENTS } from './seed/largeTenant';
export * from './seed/demoCredentials';
