// The live/replay track map: the track outline (a stored session's lap, or the cars' own GPS trails as
// they are driven) drawn once on a base canvas, and every car as a coloured marker with its number on an
// overlay redrawn when the cars move. North up, local metres (the analysis map's fitting and drawing
// helpers). window.__etmLiveMap tells a test where each car is drawn.

import { createEffect, createMemo, createSignal, onCleanup, onMount, type Component } from 'solid-js';
import type { LocalFrame } from '../../../../workers/geometry/projection.ts';
import { createLocalFrame } from '../../../../workers/geometry/projection.ts';
import { fitTransform, toCanvas, type MapTransform } from '../../analysis/map-geometry.ts';
import type { CarSnapshot } from '../../live/car-snapshot.ts';
import type { Trail } from '../../live/live-model.ts';
import { mapFrame, project, type TrackOutline } from '../../live/track-outline.ts';
import { prepareHiDpiCanvas } from '../hidpi-canvas.ts';

export interface LiveTrackMapProps {
  /** A stored lap of this track; null: draw the cars' trails. */
  outline: TrackOutline | null;
  trails: Trail[];
  /** Changes when the trails grew (redraws the base). */
  trailsVersion: number;
  cars: CarSnapshot[];
  /** Where the map came from, for its label. */
  caption: string;
}

export interface LiveMapCar {
  car: string;
  xM: number;
  yM: number;
  /** Marker centre in client pixels. */
  x: number;
  y: number;
  stale: boolean;
}

declare global {
  interface Window {
    __etmLiveMap?: { cars: () => LiveMapCar[]; outlinePoints: () => number };
  }
}

const PADDING_PX = 28;
const TRACK_WIDTH_M = 12;
const MARKER_RADIUS_PX = 9;

export const LiveTrackMap: Component<LiveTrackMapProps> = (props) => {
  let box!: HTMLDivElement;
  let base!: HTMLCanvasElement;
  let overlay!: HTMLCanvasElement;
  const [size, setSize] = createSignal({ width: 0, height: 0 });

  /** The frame: around the stored outline, else at the first trail point (fixed once chosen). */
  let trailFrame: LocalFrame | null = null;
  const frame = createMemo<LocalFrame | null>(() => {
    const o = props.outline;
    if (o && o.latDeg.length) return mapFrame(o.latDeg, o.lonDeg);
    void props.trailsVersion;
    if (!trailFrame) {
      const first = props.trails.find((t) => t.latDeg.length > 0);
      if (first) trailFrame = createLocalFrame(first.latDeg[0], first.lonDeg[0]);
    }
    return trailFrame;
  });

  /** The outline (or the trails) in local metres: the shapes the base canvas draws. */
  const shapes = createMemo(() => {
    void props.trailsVersion;
    const f = frame();
    if (!f) return [] as Array<{ x: Float64Array; y: Float64Array; closed: boolean }>;
    const lines = props.outline ? [{ lat: props.outline.latDeg, lon: props.outline.lonDeg, closed: props.outline.closed }] : props.trails.map((t) => ({ lat: t.latDeg, lon: t.lonDeg, closed: false }));
    return lines
      .filter((l) => l.lat.length > 1)
      .map((l) => {
        const x = new Float64Array(l.lat.length);
        const y = new Float64Array(l.lat.length);
        for (let i = 0; i < l.lat.length; i++) [x[i], y[i]] = project(f, l.lat[i], l.lon[i]);
        return { x, y, closed: l.closed };
      });
  });

  const transform = createMemo<MapTransform | null>(() => {
    const { width, height } = size();
    const s = shapes();
    if (width === 0 || s.length === 0) return null;
    let n = 0;
    for (const l of s) n += l.x.length;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    let o = 0;
    for (const l of s) {
      xs.set(l.x, o);
      ys.set(l.y, o);
      o += l.x.length;
    }
    return fitTransform(xs, ys, width, height, PADDING_PX);
  });

  function setup(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
    const { width, height } = size();
    return prepareHiDpiCanvas(canvas, width, height);
  }

  function drawBase(): void {
    const t = transform();
    const ctx = setup(base);
    if (!ctx || !t) return;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    // tarmac, then a thin centre line
    const passes = [
      { style: '#26313b', width: Math.max(7, TRACK_WIDTH_M * t.scale) },
      { style: '#3a4753', width: 1.5 },
    ];
    for (const pass of passes) {
      ctx.strokeStyle = pass.style;
      ctx.lineWidth = pass.width;
      for (const l of shapes()) {
        ctx.beginPath();
        for (let i = 0; i < l.x.length; i++) {
          const [px, py] = toCanvas(t, l.x[i], l.y[i]);
          if (i === 0) ctx.moveTo(px, py);
          else ctx.lineTo(px, py);
        }
        if (l.closed) ctx.closePath();
        ctx.stroke();
      }
    }
    // start/finish: a stored lap starts at the line
    const first = props.outline ? shapes()[0] : undefined;
    if (first && first.x.length > 3) {
      const [ax, ay] = toCanvas(t, first.x[0], first.y[0]);
      const [bx, by] = toCanvas(t, first.x[3], first.y[3]);
      const len = Math.hypot(bx - ax, by - ay) || 1;
      const half = Math.max(8, TRACK_WIDTH_M * t.scale * 0.7);
      const nx = (-(by - ay) / len) * half;
      const ny = ((bx - ax) / len) * half;
      ctx.strokeStyle = '#e6edf3';
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(ax - nx, ay - ny);
      ctx.lineTo(ax + nx, ay + ny);
      ctx.stroke();
      ctx.fillStyle = '#e6edf3';
      ctx.font = '600 11px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('S/F', ax + nx * 1.9, ay + ny * 1.9);
    }
  }

  /** Cars in local metres and canvas pixels. */
  const placed = createMemo(() => {
    const f = frame();
    const t = transform();
    if (!f || !t) return [];
    return props.cars
      .filter((c) => Number.isFinite(c.latDeg) && Number.isFinite(c.lonDeg))
      .map((c) => {
        const [xM, yM] = project(f, c.latDeg, c.lonDeg);
        const [px, py] = toCanvas(t, xM, yM);
        return { c, xM, yM, px, py };
      });
  });

  function drawCars(): void {
    const ctx = setup(overlay);
    if (!ctx) return;
    // stale cars first, so that moving ones are drawn on top
    const list = [...placed()].sort((a, b) => Number(b.c.stale) - Number(a.c.stale));
    for (const { c, px, py } of list) {
      ctx.globalAlpha = c.stale ? 0.4 : 1;
      ctx.beginPath();
      ctx.arc(px, py, MARKER_RADIUS_PX, 0, 2 * Math.PI);
      ctx.fillStyle = c.colour;
      ctx.fill();
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = '#0f1419';
      ctx.stroke();
      ctx.font = '700 12px system-ui, sans-serif';
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.lineWidth = 4;
      ctx.strokeStyle = 'rgba(11, 16, 21, 0.9)';
      ctx.strokeText(c.label, px + MARKER_RADIUS_PX + 4, py);
      ctx.fillStyle = '#e6edf3';
      ctx.fillText(c.label, px + MARKER_RADIUS_PX + 4, py);
    }
    ctx.globalAlpha = 1;
  }

  onMount(() => {
    const observer = new ResizeObserver(() => {
      const width = box.clientWidth;
      setSize({ width, height: Math.round(Math.min(Math.max(width * 0.72, 260), 560)) });
    });
    observer.observe(box);
    window.__etmLiveMap = {
      cars: () => {
        const rect = overlay.getBoundingClientRect();
        return placed().map(({ c, xM, yM, px, py }) => ({ car: c.car, xM, yM, x: rect.left + px, y: rect.top + py, stale: c.stale }));
      },
      outlinePoints: () => shapes().reduce((n, l) => n + l.x.length, 0),
    };
    onCleanup(() => {
      observer.disconnect();
      delete window.__etmLiveMap;
    });
  });

  createEffect(drawBase);
  createEffect(drawCars);

  return (
    <div class="live-map">
      <div class="map-canvas-box" ref={box} style={{ height: `${size().height}px` }} data-testid="live-map" data-cars={placed().length}>
        <canvas ref={base} style={{ width: `${size().width}px`, height: `${size().height}px` }} role="img" aria-label={`Track map with ${placed().length} cars: ${props.caption}`} />
        <canvas ref={overlay} style={{ width: `${size().width}px`, height: `${size().height}px` }} aria-hidden="true" />
        {shapes().length === 0 ? <p class="map-empty muted">Waiting for GPS positions…</p> : null}
      </div>
      <p class="small muted map-caption">{props.caption}</p>
    </div>
  );
};
