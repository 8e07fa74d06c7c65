// Per-sample physics on the CPU, float64: kinetic energy, drag / rolling / grade power, the wheel force
// split into traction, brakes (front/rear by pressure) and engine braking, yaw energy and power.
// The WGSL kernel gpu/physics.wgsl.ts computes exactly the same expressions in float32.

import { PHYSICS_OUTPUTS, type PhysicsInput, type PhysicsOutput } from '../kernels.ts';

export function physicsCpu(input: PhysicsInput): PhysicsOutput {
  const { params: p, samples: s } = input;
  const n = s.speedMs.length;
  for (const [name, arr] of Object.entries(s)) if (arr.length !== n) throw new RangeError(`physics input '${name}' has ${arr.length} samples, speedMs has ${n}`);
  const out = {} as PhysicsOutput;
  for (const name of PHYSICS_OUTPUTS) out[name] = new Float64Array(n);
  const m = p.massKg;
  const mg = m * p.gravityMs2;
  const bf = p.brakeBalanceFront;
  for (let i = 0; i < n; i++) {
    const v = Math.max(0, s.speedMs[i]);
    const a = s.accLongMs2[i];
    const r = s.yawRateRadS[i];
    const grade = s.gradient[i];
    const inv = 1 / Math.sqrt(1 + grade * grade);
    const fDrag = p.halfRhoCdA * v * v;
    const fRoll = p.rollingResistance * mg * inv;
    const fGrade = mg * grade * inv;
    const netW = m * a * v;
    const wheelW = (m * a + fDrag + fRoll + fGrade) * v;
    const tractionW = Math.max(0, wheelW);
    const retardW = Math.max(0, -wheelW);
    const pF = Math.max(0, s.brakeFrontBar[i]);
    const pR = Math.max(0, s.brakeRearBar[i]);
    const brakeShare = p.brakeFullBar > 0 ? Math.min(1, (pF + pR) / p.brakeFullBar) : 1;
    const wF = bf * pF;
    const wR = (1 - bf) * pR;
    const frontShare = wF + wR > 0 ? wF / (wF + wR) : bf;
    const brakesW = retardW * brakeShare;
    out.kineticJ[i] = 0.5 * m * v * v;
    out.dragW[i] = fDrag * v;
    out.rollingW[i] = fRoll * v;
    out.gradeW[i] = fGrade * v;
    out.netW[i] = netW;
    out.tractionW[i] = tractionW;
    out.brakeFrontW[i] = brakesW * frontShare;
    out.brakeRearW[i] = brakesW * (1 - frontShare);
    out.engineBrakeW[i] = retardW - brakesW;
    out.kineticTractionW[i] = Math.min(Math.max(netW, 0), tractionW);
    out.yawKineticJ[i] = 0.5 * p.yawInertiaKgM2 * r * r;
    out.yawW[i] = p.yawInertiaKgM2 * r * s.yawAccelRadS2[i];
  }
  return out;
}
