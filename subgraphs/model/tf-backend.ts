import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** TensorFlow.js backends, fastest first. `tensorflow` is libtensorflow through @tensorflow/tfjs-node. */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendPreference = 'auto' | BackendName;

export interface BackendChoice {
  backend: BackendName;
  /** Why each faster backend was passed over, for the start log and the model card. */
  skipped: { backend: BackendName; reason: string }[];
}

const require = createRequire(import.meta.url);
let chosen: Promise<BackendChoice> | undefined;

/**
 * Picks the fastest backend that loads: native libtensorflow (only when the optional
 * @tensorflow/tfjs-node installed its binary), then WebAssembly with SIMD, then plain JS.
 * Once per thread; every later call gets the same answer.
 */
export function selectBackend(preference: BackendPreference = 'auto'): Promise<BackendChoice> {
  chosen ??= choose(preference);
  return chosen;
}

async function choose(preference: BackendPreference): Promise<BackendChoice> {
  const candidates = preference === 'auto' ? BACKENDS : [preference];
  const skipped: BackendChoice['skipped'] = [];
  for (const backend of candidates) {
    try {
      await load(backend);
      if (await tf.setBackend(backend)) {
        await tf.ready();
        return { backend, skipped };
      }
      skipped.push({ backend, reason: 'registered but failed to initialise' });
    } catch (err) {
      skipped.push({ backend, reason: err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err) });
    }
  }
  throw new Error(`No TensorFlow.js backend loaded: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`);
}

async function load(backend: BackendName): Promise<void> {
  if (backend === 'tensorflow') {
    // Optional dependency: its install downloads libtensorflow, which this network may not reach.
    const optional: string = '@tensorflow/tfjs-node';
    await import(optional);
    return;
  }
  if (backend === 'wasm') {
    const before = { uncaught: process.listeners('uncaughtException'), rejection: process.listeners('unhandledRejection') };
    await import('@tensorflow/tfjs-backend-wasm');
    // Emscripten's loader installs process handlers that rethrow (and print the whole minified
    // module); errors are ours to handle, so drop what it added.
    for (const l of process.listeners('uncaughtException')) if (!before.uncaught.includes(l)) process.off('uncaughtException', l);
    for (const l of process.listeners('unhandledRejection'))
      if (!before.rejection.includes(l)) process.off('unhandledRejection', l);
    // The .wasm binaries ship inside the npm package; point the loader at them instead of a CDN.
    setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
  }
}
