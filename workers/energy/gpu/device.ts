/// <reference types="@webgpu/types" />
// WebGPU device for the energy kernels: adapter + device (with the adapter's largest buffer limits),
// shader compilation with readable errors, buffers, 1-D/2-D dispatch sizes, and read-back.

export interface AdapterInfoLite {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for a software adapter such as Chromium's SwiftShader (correct results, not a speed figure). */
  isFallbackAdapter: boolean;
}

export interface GpuDevice {
  device: GPUDevice;
  adapterInfo: AdapterInfoLite;
  pipelines: Map<string, GPUComputePipeline>;
}

/** The device, or why there is none (no navigator.gpu, no adapter, device request failed). */
export async function requestGpuDevice(): Promise<GpuDevice | { reason: string }> {
  const gpu = typeof navigator !== 'undefined' ? (navigator as Navigator & { gpu?: GPU }).gpu : undefined;
  if (!gpu) return { reason: 'WebGPU is not available in this runtime (no navigator.gpu)' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { reason: `requestAdapter failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!adapter) return { reason: 'navigator.gpu.requestAdapter() returned no adapter' };
  // adapter.info (current spec) or requestAdapterInfo() (older browsers and the installed @webgpu/types)
  type InfoLike = Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean };
  const withInfo = adapter as GPUAdapter & { info?: InfoLike; requestAdapterInfo?: () => Promise<InfoLike> };
  const info: InfoLike | undefined = withInfo.info ?? (await withInfo.requestAdapterInfo?.().catch(() => undefined));
  const adapterInfo: AdapterInfoLite = {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    isFallbackAdapter: Boolean(info?.isFallbackAdapter ?? (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter),
  };
  try {
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
      },
    });
    return { device, adapterInfo, pipelines: new Map() };
  } catch (e) {
    return { reason: `requestDevice failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export async function pipelineFor(g: GpuDevice, name: string, code: string): Promise<GPUComputePipeline> {
  const known = g.pipelines.get(name);
  if (known) return known;
  const module = g.device.createShaderModule({ label: name, code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length) throw new Error(`WGSL ${name}: ${errors.map((m) => `line ${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
  g.device.pushErrorScope('validation');
  const pipeline = await g.device.createComputePipelineAsync({ label: name, layout: 'auto', compute: { module, entryPoint: 'main' } });
  const err = await g.device.popErrorScope();
  if (err) throw new Error(`WGSL ${name}: ${err.message}`);
  g.pipelines.set(name, pipeline);
  return pipeline;
}

type Typed = Float32Array | Uint32Array | Int32Array;

/** A storage buffer holding the array (at least 4 bytes, as WebGPU requires a non-empty binding). */
export function storageBuffer(g: GpuDevice, data: Typed, label: string, extraUsage = 0): GPUBuffer {
  checkSize(g, data.byteLength, label);
  const size = Math.max(4, Math.ceil(data.byteLength / 4) * 4);
  const buf = g.device.createBuffer({ label, size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | extraUsage, mappedAtCreation: true });
  const Ctor = data.constructor as { new (b: ArrayBuffer): Typed };
  new Ctor(buf.getMappedRange()).set(data);
  buf.unmap();
  return buf;
}

export function outputBuffer(g: GpuDevice, floats: number, label: string): GPUBuffer {
  checkSize(g, floats * 4, label);
  return g.device.createBuffer({ label, size: Math.max(4, floats * 4), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
}

export function uniformBuffer(g: GpuDevice, bytes: ArrayBuffer, label: string): GPUBuffer {
  const size = Math.ceil(bytes.byteLength / 16) * 16;
  const buf = g.device.createBuffer({ label, size, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  g.device.queue.writeBuffer(buf, 0, bytes);
  return buf;
}

function checkSize(g: GpuDevice, bytes: number, label: string): void {
  const limit = Math.min(g.device.limits.maxStorageBufferBindingSize, g.device.limits.maxBufferSize);
  if (bytes > limit) throw new RangeError(`${label}: ${(bytes / 2 ** 20).toFixed(1)} MiB exceeds the adapter's storage binding limit of ${(limit / 2 ** 20).toFixed(0)} MiB; split the work into fewer laps per call`);
}

/** Workgroup counts (x, y) covering `items` invocations of a 1-D kernel with `size` per workgroup (x ≤ 65535). */
export function dispatchSize(items: number, size: number, maxPerDim = 65535): [number, number] {
  const groups = Math.max(1, Math.ceil(items / size));
  const x = Math.min(groups, maxPerDim);
  return [x, Math.ceil(groups / x)];
}

/** Runs one compute pass and reads `outBuffer` back as float32. */
export async function runAndRead(g: GpuDevice, pipeline: GPUComputePipeline, buffers: GPUBuffer[], workgroups: [number, number], outBuffer: GPUBuffer, floats: number): Promise<Float32Array> {
  const { device } = g;
  device.pushErrorScope('validation');
  device.pushErrorScope('out-of-memory');
  const bind = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })) });
  const read = device.createBuffer({ size: Math.max(4, floats * 4), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bind);
  pass.dispatchWorkgroups(workgroups[0], workgroups[1]);
  pass.end();
  enc.copyBufferToBuffer(outBuffer, 0, read, 0, Math.max(4, floats * 4));
  device.queue.submit([enc.finish()]);
  const oom = await device.popErrorScope();
  const invalid = await device.popErrorScope();
  if (oom || invalid) {
    read.destroy();
    throw new Error(`WebGPU ${pipeline.label}: ${(oom ?? invalid)!.message}`);
  }
  await read.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(read.getMappedRange().slice(0, floats * 4));
  read.unmap();
  read.destroy();
  return out;
}
