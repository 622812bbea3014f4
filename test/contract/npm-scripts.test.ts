import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../platform/paths.js';

describe('package.json scripts', () => {
  it('every script that runs a Node program execs it, so a signal npm relays reaches it', () => {
    // npm runs a script through `sh -c` and relays SIGINT/SIGTERM to that shell only; sh waits
    // for its child without passing the signal on. `kill -INT <npm's pid>` (a supervisor, an IDE's
    // stop button) then never reached the platform. With exec, node is the shell's process.
    const { scripts } = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { scripts: Record<string, string> };
    const running = Object.entries(scripts).filter(([, command]) => /\bnode --import tsx\b/.test(command));
    expect(running.length).toBeGreaterThan(10);
    expect(running.filter(([, command]) => !command.startsWith('exec node ')).map(([name]) => name)).toEqual([]);
  });
});
