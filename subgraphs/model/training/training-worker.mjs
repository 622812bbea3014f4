// Worker-thread entry. The platform runs TypeScript through tsx; a worker thread starts without
// the parent's loader, so register it here before loading the real entry.
import { register } from 'tsx/esm/api';

register();
await import('./training-worker-main.ts');
