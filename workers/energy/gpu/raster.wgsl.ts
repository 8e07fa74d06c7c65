// WGSL: the 1 m × 1 m raster, one invocation per cell: the cell's grid metre gives its value and energy
// vector (value × direction of travel). Directions arrive as cos/sin computed in float64, because WGSL
// allows sin/cos an absolute error of 2^-11, far above float32 rounding. Same gather as cpu/raster.ts.

export const RASTER_WGSL = /* wgsl */ `
struct Params {
  m: u32,
  cells: u32,
  pad0: u32,
  pad1: u32,
};

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> values: array<f32>;
@group(0) @binding(2) var<storage, read> dirX: array<f32>;
@group(0) @binding(3) var<storage, read> dirY: array<f32>;
@group(0) @binding(4) var<storage, read> cellIndex: array<i32>;
@group(0) @binding(5) var<storage, read_write> outp: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = gid.x + gid.y * nwg.x * 64u;
  if (c >= p.cells) { return; }
  let k = cellIndex[c];
  var v = 0.0;
  var x = 0.0;
  var y = 0.0;
  if (k >= 0 && u32(k) < p.m) {
    let u = u32(k);
    v = values[u];
    x = v * dirX[u];
    y = v * dirY[u];
  }
  outp[c] = v;
  outp[p.cells + c] = x;
  outp[2u * p.cells + c] = y;
}
`;
