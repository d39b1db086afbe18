export * from './limits.js';
export * from './common.js';
export * from './server-frames.js';
export * from './visitor-frames.js';
export * from './agent-frames.js';
export * from './rest.js';
export * from './parse-frame.js';
export * from './admin.js';
