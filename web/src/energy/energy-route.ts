// The energy view's hash parameters (#/energy?session=<id>&lap=3&mode=laps&b=5, or mode=drivers with
// b=<sessionId>:<lap>): which lap is A, whether B is another lap of the session or another driver's lap.

import type { EnergyLapRef } from '../../../workers/energy/energy.worker.ts';

export type EnergyMode = 'lap' | 'laps' | 'drivers';

export interface EnergySelection {
  lapA: number | null;
  mode: EnergyMode;
  /** Lap B: of the same session (mode 'laps') or of another session (mode 'drivers'). */
  b: EnergyLapRef | null;
}

export function parseEnergyParams(params: URLSearchParams, sessionId: string): EnergySelection {
  const lap = Number(params.get('lap'));
  const lapA = Number.isInteger(lap) && params.get('lap') !== null ? lap : null;
  const rawMode = params.get('mode');
  const mode: EnergyMode = rawMode === 'laps' || rawMode === 'drivers' ? rawMode : 'lap';
  let b: EnergyLapRef | null = null;
  const rawB = params.get('b');
  if (rawB && mode !== 'lap') {
    const i = rawB.lastIndexOf(':');
    const other = i > 0 ? rawB.slice(0, i) : sessionId;
    const n = Number(i > 0 ? rawB.slice(i + 1) : rawB);
    if (Number.isInteger(n)) b = { sessionId: other, lap: n };
  }
  return { lapA, mode, b };
}

export function energyParams(sessionId: string, s: EnergySelection): Record<string, string> {
  const out: Record<string, string> = { session: sessionId };
  if (s.lapA !== null) out.lap = String(s.lapA);
  if (s.mode !== 'lap') {
    out.mode = s.mode;
    if (s.b) out.b = s.b.sessionId === sessionId ? String(s.b.lap) : `${s.b.sessionId}:${s.b.lap}`;
  }
  return out;
}
