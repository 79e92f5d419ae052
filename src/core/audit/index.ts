/** The audit: clocks and checks over the records, as findings. Pure. */
export * from './types.js';
export { audit, computeClocks, openClocks, compareFindings } from './audit.js';
export { summarise, failsOn, FAIL_ON, FAIL_CATEGORIES, type FailOn } from './summary.js';
export { deadlineText } from './messages.js';
