/** The audit: clocks and checks over the records, as findings. Pure. */
export * from './types.js';
export { audit, computeClocks, openClocks } from './audit.js';
export { summarise, failsOn } from './summary.js';
export { deadlineText } from './messages.js';
