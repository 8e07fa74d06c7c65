// Picks TensorFlow.js's backend for training: WebGPU where its backend is bundled and an adapter exists,
// else WebGL, else the CPU (in Node always the CPU), and says which one runs and why the others did not.

import * as tf from '@tensorflow/tfjs';

export type TfBackendPreference = 'auto' | 'webgpu' | 'webgl' | 'cpu';

export interface TfBackendInfo {
  backend: string;
  /** Why faster backends were passed over, in words. */
  notes: string[];
}

/** Registers tfjs's WebGPU backend where the platform has WebGPU (loaded on demand: Node never loads it). */
async function registerWebGpuBackend(): Promise<void> {
  if (tf.findBackendFactory('webgpu')) return;
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (!nav?.gpu) return;
  await import('@tensorflow/tfjs-backend-webgpu');
}

export async function pickTfBackend(prefer: TfBackendPreference = 'auto'): Promise<TfBackendInfo> {
  if (prefer === 'auto' || prefer === 'webgpu') await registerWebGpuBackend();
  const candidates = prefer === 'auto' ? ['webgpu', 'webgl', 'cpu'] : prefer === 'cpu' ? ['cpu'] : [prefer, 'cpu'];
  const notes: string[] = [];
  for (const name of candidates) {
    if (!tf.findBackendFactory(name)) {
      notes.push(name === 'webgpu' ? 'webgpu: this runtime has no WebGPU (navigator.gpu)' : `${name}: its tfjs backend package is not in this build`);
      continue;
    }
    if (tf.getBackend() === name) return { backend: name, notes };
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { backend: name, notes };
      }
      notes.push(`${name}: not available here`);
    } catch (e) {
      notes.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new Error(`no TensorFlow.js backend could start (${notes.join('; ')})`);
}
