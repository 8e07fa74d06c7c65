// FlowGrid: the track map with the 1 m raster coloured by net power (blue braking, red traction) or by
// the A − B difference, thinned energy arrows along the line, a diverging legend in kW, a highlighted
// corner or sector, and hover / touch readouts of the values at a point with their units.

import { createEffect, createMemo, createSignal, For, onCleanup, onMount, Show, type Component } from 'solid-js';
import type { FlowGridResult } from '../../../../workers/energy/energy.worker.ts';
import { POWER_RAMP } from '../../../../workers/energy/view/colour-scale.ts';
import { formatFixed, formatMetres } from '../../analysis/lap-format.ts';
import { fitTransform, nearestIndex, toCanvas, toMetres, type MapTransform } from '../../analysis/map-geometry.ts';
import { arrowReferenceJm, thinArrows } from '../../energy/arrows.ts';
import { rasterRgba } from '../../energy/raster-image.ts';
import { flowReadout } from '../../energy/readout.ts';
import { prepareHiDpiCanvas } from '../hidpi-canvas.ts';

export interface FlowGridProps {
  data: FlowGridResult;
  /** Which laps are shown ('<session>:<lap>|<session>:<lap>'), for tests and for keyed redraws. */
  dataKey: string;
  labelA: string;
  labelB: string;
  arrows: boolean;
  onArrows: (on: boolean) => void;
  /** A stretch to outline (a corner or sector from the table), m. */
  highlight: { startM: number; endM: number; name: string } | null;
}

/** What the browser test reads: where a distance along the line is on screen, and what is shown. */
export interface FlowGridHook {
  pointAt: (distanceM: number) => { x: number; y: number } | null;
  mode: () => 'lap' | 'difference';
}

declare global {
  interface Window {
    __etmFlowGrid?: FlowGridHook;
  }
}

const PADDING_PX = 24;
const TRACK_WIDTH_M = 14;
const HOVER_RADIUS_PX = 36;
const ARROW_MAX_PX = 34;
const ARROW_SPACING_PX = 46;

function gradientCss(ramp: readonly string[]): string {
  return `linear-gradient(to right, ${ramp.map((c, k) => `${c} ${Math.round((k / (ramp.length - 1)) * 100)}%`).join(', ')})`;
}

export const FlowGrid: Component<FlowGridProps> = (props) => {
  let box!: HTMLDivElement;
  let base!: HTMLCanvasElement;
  let overlay!: HTMLCanvasElement;
  const [width, setWidth] = createSignal(0);
  const [hoverM, setHoverM] = createSignal<number | null>(null);

  const bounds = createMemo(() => {
    const { xM, yM } = props.data;
    let x0 = Infinity;
    let x1 = -Infinity;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (let i = 0; i < xM.length; i++) {
      x0 = Math.min(x0, xM[i]);
      x1 = Math.max(x1, xM[i]);
      y0 = Math.min(y0, yM[i]);
      y1 = Math.max(y1, yM[i]);
    }
    return { w: Math.max(1, x1 - x0), h: Math.max(1, y1 - y0) };
  });
  const height = createMemo(() => {
    const w = width();
    if (w === 0) return 0;
    const b = bounds();
    return Math.round(Math.min(560, Math.max(300, (w - 2 * PADDING_PX) * (b.h / b.w) + 2 * PADDING_PX)));
  });
  const transform = createMemo<MapTransform | null>(() => (width() === 0 ? null : fitTransform(props.data.xM, props.data.yM, width(), height(), PADDING_PX)));

  /** The raster as an image, once per result. */
  const rasterImage = createMemo(() => {
    const r = props.data.raster;
    const canvas = document.createElement('canvas');
    canvas.width = r.cols;
    canvas.height = r.rows;
    const ctx = canvas.getContext('2d');
    if (!ctx || r.cols === 0) return null;
    ctx.putImageData(new ImageData(rasterRgba(r.valueKw, r.cols, r.rows, props.data.limitsKw), r.cols, r.rows), 0, 0);
    return canvas;
  });

  const arrows = createMemo(() => {
    const t = transform();
    if (!t) return [];
    const d = props.data;
    return thinArrows(d.xM, d.yM, d.headingRad, d.vectorXJ, d.vectorYJ, Math.max(30, ARROW_SPACING_PX / t.scale));
  });
  const arrowRefJm = createMemo(() => arrowReferenceJm(arrows()));

  function setup(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
    return prepareHiDpiCanvas(canvas, width(), height());
  }

  function strokeLine(ctx: CanvasRenderingContext2D, t: MapTransform, from: number, to: number, closed: boolean): void {
    const { xM, yM } = props.data;
    ctx.beginPath();
    for (let i = from; i <= to; i++) {
      const [px, py] = toCanvas(t, xM[i], yM[i]);
      if (i === from) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    if (closed) ctx.closePath();
    ctx.stroke();
  }

  function drawBase(): void {
    const t = transform();
    const ctx = setup(base);
    if (!t || !ctx) return;
    const d = props.data;
    const n = d.xM.length;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    ctx.strokeStyle = '#26313b';
    ctx.lineWidth = Math.max(6, TRACK_WIDTH_M * t.scale + 4);
    strokeLine(ctx, t, 0, n - 1, true);
    const hl = props.highlight;
    if (hl) {
      ctx.strokeStyle = 'rgba(63, 193, 201, 0.85)';
      ctx.lineWidth = Math.max(14, TRACK_WIDTH_M * t.scale + 12);
      const a = Math.max(0, Math.floor(hl.startM));
      const b = Math.min(n - 1, Math.ceil(hl.endM));
      if (hl.endM >= hl.startM) strokeLine(ctx, t, a, b, false);
      else {
        strokeLine(ctx, t, a, n - 1, false);
        strokeLine(ctx, t, 0, b, false);
      }
    }
    const img = rasterImage();
    if (img) {
      const r = d.raster;
      const [left, top] = toCanvas(t, r.originXM, r.originYM + r.rows * r.cellSizeM);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(img, left, top, r.cols * r.cellSizeM * t.scale, r.rows * r.cellSizeM * t.scale);
    }
    // start/finish
    const [sx, sy] = toCanvas(t, d.xM[0], d.yM[0]);
    const h0 = d.headingRad[0];
    const half = Math.max(10, TRACK_WIDTH_M * t.scale);
    ctx.strokeStyle = '#e6edf3';
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(sx - Math.sin(h0) * half, sy - Math.cos(h0) * half);
    ctx.lineTo(sx + Math.sin(h0) * half, sy + Math.cos(h0) * half);
    ctx.stroke();
    ctx.fillStyle = '#e6edf3';
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('S/F', sx - Math.sin(h0) * (half + 14), sy - Math.cos(h0) * (half + 14));
    if (props.arrows) drawArrows(ctx, t);
  }

  function drawArrows(ctx: CanvasRenderingContext2D, t: MapTransform): void {
    const ref = arrowRefJm();
    for (const a of arrows()) {
      const size = Math.hypot(a.vxJm, a.vyJm);
      const len = Math.min(1.3, size / ref) * ARROW_MAX_PX;
      if (len < 4) continue;
      const [x0, y0] = toCanvas(t, a.xM, a.yM);
      const ux = a.vxJm / size;
      const uy = -a.vyJm / size; // canvas y grows downwards
      const x1 = x0 + ux * len;
      const y1 = y0 + uy * len;
      const head = Math.min(9, 0.45 * len);
      const colour = a.alongJm >= 0 ? '#ffd2c4' : '#cfe6ff';
      for (const [stroke, w] of [['rgba(11, 16, 21, 0.9)', 4.5], [colour, 2]] as const) {
        ctx.strokeStyle = stroke;
        ctx.lineWidth = w;
        ctx.beginPath();
        ctx.moveTo(x0, y0);
        ctx.lineTo(x1, y1);
        ctx.moveTo(x1 - ux * head - uy * head * 0.6, y1 - uy * head + ux * head * 0.6);
        ctx.lineTo(x1, y1);
        ctx.lineTo(x1 - ux * head + uy * head * 0.6, y1 - uy * head - ux * head * 0.6);
        ctx.stroke();
      }
    }
  }

  function drawCursor(): void {
    const t = transform();
    const ctx = setup(overlay);
    const m = hoverM();
    if (!t || !ctx || m === null) return;
    const d = props.data;
    const i = Math.min(d.xM.length - 1, Math.max(0, Math.round(m)));
    const [px, py] = toCanvas(t, d.xM[i], d.yM[i]);
    ctx.beginPath();
    ctx.arc(px, py, 9, 0, 2 * Math.PI);
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#e6edf3';
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(px, py, 12, 0, 2 * Math.PI);
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#0f1419';
    ctx.stroke();
  }

  function pointer(e: PointerEvent): void {
    const t = transform();
    if (!t) return;
    const rect = overlay.getBoundingClientRect();
    const [mx, my] = toMetres(t, e.clientX - rect.left, e.clientY - rect.top);
    const hit = nearestIndex(props.data.xM, props.data.yM, mx, my);
    setHoverM(hit.index < 0 || hit.distance * t.scale > HOVER_RADIUS_PX ? null : Math.min(hit.index, props.data.bins - 1));
  }

  onMount(() => {
    const observer = new ResizeObserver(() => setWidth(box.clientWidth));
    observer.observe(box);
    setWidth(box.clientWidth);
    window.__etmFlowGrid = {
      pointAt: (distanceM) => {
        const t = transform();
        if (!t) return null;
        const d = props.data;
        const i = Math.min(d.xM.length - 1, Math.max(0, Math.round(distanceM)));
        const [px, py] = toCanvas(t, d.xM[i], d.yM[i]);
        const rect = overlay.getBoundingClientRect();
        return { x: rect.left + px, y: rect.top + py };
      },
      mode: () => props.data.mode,
    };
    onCleanup(() => {
      observer.disconnect();
      delete window.__etmFlowGrid;
    });
  });

  createEffect(drawBase);
  createEffect(drawCursor);

  const diff = () => props.data.mode === 'difference';
  const ticks = createMemo(() => {
    const { negative, positive } = props.data.limitsKw;
    return [-negative, -negative / 2, 0, positive / 2, positive];
  });
  const readout = createMemo(() => {
    const m = hoverM();
    return m === null ? null : flowReadout(props.data, m);
  });

  return (
    <div class="flow-grid" data-mode={props.data.mode} data-key={props.dataKey}>
      <div class="flow-top">
        <div class="flow-legend" data-testid="flowgrid-legend">
          <div class="legend-title">
            {diff() ? (
              <span>
                <strong>Δ net power</strong> A − B · A {props.labelA} − B {props.labelB}
              </span>
            ) : (
              <span>
                <strong>Net power</strong> (traction − braking) · {props.labelA}
              </span>
            )}
          </div>
          <div class="legend-bar" style={{ background: gradientCss(POWER_RAMP) }} />
          <div class="legend-ticks">
            <For each={ticks()}>
              {(v) => (
                <span>
                  {v > 0 ? '+' : v < 0 ? '−' : ''}
                  {formatFixed(Math.abs(v), Math.max(props.data.limitsKw.negative, props.data.limitsKw.positive) < 20 ? 1 : 0)}
                  <span class="unit">kW</span>
                </span>
              )}
            </For>
          </div>
          <div class="legend-ends small muted">
            <span>{diff() ? '◀ A lower: brakes harder or drives less' : '◀ braking (brakes + engine)'}</span>
            <span>{diff() ? 'A higher ▶' : 'traction ▶'}</span>
          </div>
        </div>
        <div class="flow-readout" aria-live="off" data-testid="flowgrid-readout">
          <Show when={readout()} fallback={<span class="muted small">Hover or touch the map for the values at a point.</span>}>
            {(items) => (
              <dl>
                <For each={items()}>
                  {(i) => (
                    <div>
                      <dt>{i.label}</dt>
                      <dd>
                        {i.value}
                        <span class="unit">{i.unit}</span>
                      </dd>
                    </div>
                  )}
                </For>
              </dl>
            )}
          </Show>
        </div>
      </div>
      <div class="flow-canvas-box" ref={box} style={{ height: `${height()}px` }}>
        <canvas
          class="flow-base"
          ref={base}
          style={{ width: `${width()}px`, height: `${height()}px` }}
          role="img"
          aria-label={diff() ? `Net power difference ${props.labelA} minus ${props.labelB} on the track map` : `Net power of ${props.labelA} on the track map`}
          data-testid="flowgrid-canvas"
        />
        <canvas
          class="flow-overlay"
          ref={overlay}
          style={{ width: `${width()}px`, height: `${height()}px` }}
          aria-hidden="true"
          onPointerMove={pointer}
          onPointerDown={pointer}
          onPointerLeave={(e) => {
            if (e.pointerType === 'mouse') setHoverM(null);
          }}
        />
      </div>
      <div class="flow-arrow-legend small">
        <button type="button" class="button segment" aria-pressed={props.arrows} onClick={() => props.onArrows(!props.arrows)}>
          Energy arrows
        </button>
        <Show when={props.arrows}>
          <span class="muted">
            {diff() ? 'A − B net wheel energy' : 'Net wheel energy'} per metre, along the direction of travel for traction and against it for braking; full length ≈{' '}
            {formatFixed(arrowRefJm() / 1000, 1)}
            <span class="unit">kJ/m</span>, one arrow per {formatMetres(arrows()[0] ? arrows()[0].endM - arrows()[0].startM : NaN)}
            <span class="unit">m</span>
          </span>
        </Show>
      </div>
    </div>
  );
};
