import { readFileSync, readlinkSync } from 'node:fs';
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const niceOf = (tid: number) =>
  Number(readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]);

describe.runIf(process.platform === 'linux')('niceThisThread', () => {
  it('lowers the priority of the worker thread that calls it, and of no other thread', async () => {
    const moduleUrl = new URL('./thread-priority.ts', import.meta.url).href;
    // The worker reports its thread id and stays alive until told to stop, so its priority can be read.
    const boot = `
      const { parentPort } = require('node:worker_threads');
      import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(moduleUrl)}); }).then((m) => {
        const said = m.niceThisThread(7);
        const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
        parentPort.postMessage({ said, tid });
        parentPort.once('message', () => process.exit(0));
      });`;
    const worker = new Worker(boot, { eval: true });
    const { said, tid } = await new Promise<{ said: string; tid: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    try {
      expect(said).toBe('training thread niced to 7');
      expect(niceOf(tid)).toBe(7);
      const mainTid = Number(readlinkSync('/proc/thread-self').split('/').pop());
      expect(niceOf(mainTid)).toBe(getPriority());
    } finally {
      worker.postMessage('stop');
      await new Promise((r) => worker.once('exit', r));
    }
  });
});
