import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { componentLogger, createLogger } from './logger.js';

describe('componentLogger', () => {
  it('names a part of a component without writing "component" twice in one line', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const root = createLogger('platform', 'info', sink);
    componentLogger(componentLogger(root, 'model'), 'training').info('training completed');
    const line = lines[0] ?? '';
    expect(line.match(/"component"/g)).toHaveLength(1);
    expect(JSON.parse(line)).toMatchObject({ service: 'platform', component: 'model', subcomponent: 'training' });
  });
});
