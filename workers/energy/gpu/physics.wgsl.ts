// WGSL: the per-sample physics, one invocation per sample, float32. Same expressions as cpu/physics.ts.
// Inputs are structure-of-arrays in one buffer (PHYSICS_INPUTS order), outputs likewise (PHYSICS_OUTPUTS order).
// Pointwise float32 is enough: every output is a product or a short sum of inputs (≈ 1e-7 relative).

export const PHYSICS_WGSL = /* wgsl */ `
struct Params {
  mass: f32,
  halfRhoCdA: f32,
  crr: f32,
  g: f32,
  yawInertia: f32,
  brakeBalanceFront: f32,
  brakeFullBar: f32,
  n: u32,
};

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> inp: array<f32>;
@group(0) @binding(2) var<storage, read_write> outp: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  let n = p.n;
  if (i >= n) { return; }
  let v = max(inp[i], 0.0);
  let a = inp[n + i];
  let r = inp[2u * n + i];
  let rd = inp[3u * n + i];
  let pF = max(inp[4u * n + i], 0.0);
  let pR = max(inp[5u * n + i], 0.0);
  let grade = inp[6u * n + i];
  let inv = 1.0 / sqrt(1.0 + grade * grade);
  let m = p.mass;
  let mg = m * p.g;
  let fDrag = p.halfRhoCdA * v * v;
  let fRoll = p.crr * mg * inv;
  let fGrade = mg * grade * inv;
  let netW = m * a * v;
  let wheelW = (m * a + fDrag + fRoll + fGrade) * v;
  let tractionW = max(0.0, wheelW);
  let retardW = max(0.0, -wheelW);
  var brakeShare = 1.0;
  if (p.brakeFullBar > 0.0) { brakeShare = min(1.0, (pF + pR) / p.brakeFullBar); }
  let bf = p.brakeBalanceFront;
  let wF = bf * pF;
  let wR = (1.0 - bf) * pR;
  var frontShare = bf;
  if (wF + wR > 0.0) { frontShare = wF / (wF + wR); }
  let brakesW = retardW * brakeShare;
  outp[i] = 0.5 * m * v * v;
  outp[n + i] = fDrag * v;
  outp[2u * n + i] = fRoll * v;
  outp[3u * n + i] = fGrade * v;
  outp[4u * n + i] = netW;
  outp[5u * n + i] = tractionW;
  outp[6u * n + i] = brakesW * frontShare;
  outp[7u * n + i] = brakesW * (1.0 - frontShare);
  outp[8u * n + i] = retardW - brakesW;
  outp[9u * n + i] = min(max(netW, 0.0), tractionW);
  outp[10u * n + i] = 0.5 * p.yawInertia * r * r;
  outp[11u * n + i] = p.yawInertia * r * rd;
}
`;
