export * from './trajectory.js';
export * from './reward.js';
export * from './security.js';
export * from './model.js';
export * from './metrics.js';
