/** Measures for managers: the DfE's SEN2 timeliness figures and the other duties' shares in time. Pure. */
export * from './timeliness.js';
export * from './sen2.js';
export * from './duties.js';
export * from './report.js';
