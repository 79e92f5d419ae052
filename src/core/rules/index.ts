/** Deadline rules as data: the built-in statutory set, local standards, config overrides. */
export * from './types.js';
export * from './match.js';
export { builtinRules } from './builtin.js';
export { resolveRules, rulesInForce } from './resolve.js';
