// The entry of stage two's bundle: what the loader imports when a decision or the UI is needed.
export { createActions } from './core/stage2';
