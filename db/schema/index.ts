export * from './trajectory.js';
export * from './reward.js';
