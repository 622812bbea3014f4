import { afterEach, describe, expect, it, vi } from 'vitest';
import { onStopSignal } from './shutdown.js';

describe('onStopSignal', () => {
  afterEach(() => vi.useRealTimers());

  it('one press delivered twice counts once; a press more than a second later is the second', () => {
    vi.useFakeTimers({ now: 0 });
    const first = vi.fn();
    const again = vi.fn();
    // SIGUSR2: emitted, never raised, so the test process is not really signalled.
    const off = onStopSignal(['SIGUSR2'], first, again);
    try {
      process.emit('SIGUSR2', 'SIGUSR2');
      vi.setSystemTime(50); // npm's relay of the same press
      process.emit('SIGUSR2', 'SIGUSR2');
      expect(first).toHaveBeenCalledTimes(1);
      expect(first).toHaveBeenCalledWith('SIGUSR2');
      expect(again).not.toHaveBeenCalled();
      vi.setSystemTime(1500);
      process.emit('SIGUSR2', 'SIGUSR2');
      expect(again).toHaveBeenCalledTimes(1);
    } finally {
      off();
    }
    expect(process.listenerCount('SIGUSR2')).toBe(0);
  });
});
