// WGSL: binning onto the 1 m grid as a gather (no float atomics in WGSL, and a gather is deterministic):
// one invocation per (bin, lap) finds the first sample at or beyond its metre by binary search and adds
// the trapezoid energy share of every interval overlapping it. Same arithmetic as cpu/binning.ts.
// Positions arrive as whole metre (u32) + fraction (f32) and durations as float64-computed Δt, so the
// overlap shares keep ~1e-7 precision (a float32 distance of 4000 m would only resolve 0.25 mm, 1e-4 of a bin).
// Each bin sums a handful of intervals: float32 without compensation is enough there.

export const BINNING_WGSL = /* wgsl */ `
struct Params {
  bins: u32,
  laps: u32,
  n: u32,
  pad: u32,
};

const POWERS: u32 = 10u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> lapStarts: array<u32>;
@group(0) @binding(2) var<storage, read> binIndex: array<u32>;
@group(0) @binding(3) var<storage, read> binFrac: array<f32>;
@group(0) @binding(4) var<storage, read> dt: array<f32>;
@group(0) @binding(5) var<storage, read> powers: array<f32>;
@group(0) @binding(6) var<storage, read_write> outp: array<f32>;

fn overlap(a: f32, b: f32) -> f32 {
  let len = b - a;
  if (len > 0.0) { return max(0.0, min(b, 1.0) - max(a, 0.0)) / len; }
  if (a >= 0.0 && a < 1.0) { return 1.0; }
  return 0.0;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  let lap = gid.y;
  if (j >= p.bins || lap >= p.laps) { return; }
  let n = p.n;
  let s0 = lapStarts[lap];
  let s1 = lapStarts[lap + 1u];
  var lo = s0;
  var hi = s1;
  loop {
    if (lo >= hi) { break; }
    let mid = (lo + hi) / 2u;
    if (binIndex[mid] >= j) { hi = mid; } else { lo = mid + 1u; }
  }
  var i = s0;
  if (lo > s0) { i = lo - 1u; }
  var acc: array<f32, 10>;
  var time = 0.0;
  var yawIn = 0.0;
  loop {
    if (i + 1u >= s1) { break; }
    if (binIndex[i] > j) { break; }
    let a = f32(i32(binIndex[i]) - i32(j)) + binFrac[i];
    let b = f32(i32(binIndex[i + 1u]) - i32(j)) + binFrac[i + 1u];
    let w = overlap(a, b);
    if (w > 0.0) {
      let h = 0.5 * dt[i] * w;
      time = time + dt[i] * w;
      for (var c = 0u; c < POWERS; c = c + 1u) {
        acc[c] = acc[c] + h * (powers[c * n + i] + powers[c * n + i + 1u]);
      }
      yawIn = yawIn + h * (max(0.0, powers[9u * n + i]) + max(0.0, powers[9u * n + i + 1u]));
    }
    i = i + 1u;
  }
  let stride = p.laps * p.bins;
  let o = lap * p.bins + j;
  outp[o] = time;
  for (var c = 0u; c < POWERS; c = c + 1u) { outp[(c + 1u) * stride + o] = acc[c]; }
  outp[11u * stride + o] = yawIn;
}
`;
