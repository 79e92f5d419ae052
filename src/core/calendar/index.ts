/** Pure calendar module: plain dates, E&W bank holidays, working days and statutory periods. */
export * from './isoDate.js';
export * from './bankHolidays.js';
export * from './workingDays.js';
export * from './period.js';
export * from './range.js';
