// WGSL: the all-pairs lap matrix, one invocation per ordered pair (i, j): max / min / final of the
// delta-time over the grid points, and Kahan-compensated float32 sums over the ~4000 metres of the
// per-metre traction, braking and |net wheel| energy differences (a plain float32 sum of n terms may be off
// by n·2^-24 relative, ~2.4e-4 for 4000 terms; compensated, ~1e-7). Same loop as cpu/lap-matrix.ts.

export const LAP_MATRIX_WGSL = /* wgsl */ `
struct Params {
  laps: u32,
  bins: u32,
  pad0: u32,
  pad1: u32,
};

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> t: array<f32>;
@group(0) @binding(2) var<storage, read> tr: array<f32>;
@group(0) @binding(3) var<storage, read> br: array<f32>;
@group(0) @binding(4) var<storage, read_write> outp: array<f32>;

struct Kahan {
  sum: f32,
  c: f32,
};

fn kahanAdd(k: Kahan, x: f32) -> Kahan {
  let y = x - k.c;
  let s = k.sum + y;
  return Kahan(s, (s - k.sum) - y);
}

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.y;
  let j = gid.x;
  let n = p.laps;
  let m = p.bins;
  if (i >= n || j >= n) { return; }
  let pts = m + 1u;
  let ti = i * pts;
  let tj = j * pts;
  var maxD = -3.0e38;
  var minD = 3.0e38;
  for (var k = 0u; k < pts; k = k + 1u) {
    let d = t[ti + k] - t[tj + k];
    maxD = max(maxD, d);
    minD = min(minD, d);
  }
  let ei = i * m;
  let ej = j * m;
  var sTr = Kahan(0.0, 0.0);
  var sBr = Kahan(0.0, 0.0);
  var sL1 = Kahan(0.0, 0.0);
  for (var k = 0u; k < m; k = k + 1u) {
    let a = tr[ei + k] - tr[ej + k];
    let b = br[ei + k] - br[ej + k];
    sTr = kahanAdd(sTr, a);
    sBr = kahanAdd(sBr, b);
    sL1 = kahanAdd(sL1, abs(a - b));
  }
  let nn = n * n;
  let o = i * n + j;
  outp[o] = t[ti + m] - t[tj + m];
  outp[nn + o] = maxD;
  outp[2u * nn + o] = minD;
  outp[3u * nn + o] = sTr.sum;
  outp[4u * nn + o] = sBr.sum;
  outp[5u * nn + o] = sL1.sum;
}
`;
