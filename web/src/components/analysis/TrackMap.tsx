// The track map: the reference line drawn on a canvas (no tiles), the chosen lap's driven line coloured
// by a channel with its legend, corner labels (buttons: a tap zooms the charts to the corner), the
// charts' distance window, and the shared cursor (hover or touch on the map moves it along the lap).

import { createEffect, createMemo, createSignal, For, onCleanup, onMount, Show, type Component } from 'solid-js';
import type { Corner } from '../../../../workers/geometry/types.ts';
import type { CompareLap, TrackView } from '../../../../workers/laps/analysis.worker.ts';
import { rampGradient, rampTable } from '../../analysis/colours.ts';
import { formatFixed, formatMetres } from '../../analysis/lap-format.ts';
import { legendTicks, MAP_CHANNELS, type MapChannelId } from '../../analysis/map-channels.ts';
import { fitTransform, labelPosition, nearestIndex, toCanvas, toMetres, type MapTransform } from '../../analysis/map-geometry.ts';
import type { XRange } from '../../analysis/zoom.ts';
import { prepareHiDpiCanvas } from '../hidpi-canvas.ts';

export interface TrackMapProps {
  track: TrackView;
  /** The lap whose driven line is drawn (null: the reference line only). */
  lap: CompareLap | null;
  lapLabel: string;
  lapColour: string;
  channel: MapChannelId;
  onChannel: (id: MapChannelId) => void;
  cursorM: number | null;
  onCursor: (distanceM: number | null) => void;
  range: XRange | null;
  activeCorner: number | null;
  onCorner: (corner: Corner) => void;
}

/** What the browser test reads: where a distance along the drawn line is on screen (client pixels). */
export interface TrackMapHook {
  pointAt: (distanceM: number) => { x: number; y: number } | null;
}

declare global {
  interface Window {
    __etmTrackMap?: TrackMapHook;
  }
}

const PADDING_PX = 30;
const LABEL_OFFSET_PX = 24;
/** Track drawn this wide where the map has no widths, m. */
const DEFAULT_TRACK_WIDTH_M = 12;
/** A pointer farther than this from the line does not move the cursor, px. */
const HOVER_RADIUS_PX = 40;
const COLOUR_STEPS = 64;

export const TrackMap: Component<TrackMapProps> = (props) => {
  let box!: HTMLDivElement;
  let base!: HTMLCanvasElement;
  let overlay!: HTMLCanvasElement;
  const [size, setSize] = createSignal({ width: 0, height: 0 });
  const channel = createMemo(() => MAP_CHANNELS.find((c) => c.id === props.channel) ?? MAP_CHANNELS[0]);
  const transform = createMemo<MapTransform | null>(() => {
    const { width, height } = size();
    if (width === 0) return null;
    return fitTransform(props.track.xM, props.track.yM, width, height, PADDING_PX);
  });
  const values = createMemo(() => (props.lap ? channel().pick(props.lap) : null));
  const legendRange = createMemo<[number, number] | null>(() => {
    const v = values();
    return v ? channel().range(v) : null;
  });
  const line = createMemo(() => (props.lap ? { x: props.lap.lineXM, y: props.lap.lineYM } : { x: props.track.xM, y: props.track.yM }));

  const labels = createMemo(() => {
    const t = transform();
    if (!t) return [];
    const { xM, yM } = props.track;
    const n = xM.length;
    return props.track.corners.map((c) => {
      const apex = Math.min(n - 1, Math.max(0, Math.round(c.apexM)));
      const [x, y] = labelPosition(xM, yM, apex, c.direction, LABEL_OFFSET_PX / t.scale);
      const [left, top] = toCanvas(t, x, y);
      return { corner: c, left, top };
    });
  });

  function canvasSetup(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
    const { width, height } = size();
    return prepareHiDpiCanvas(canvas, width, height);
  }

  function strokeStretch(ctx: CanvasRenderingContext2D, t: MapTransform, xs: ArrayLike<number>, ys: ArrayLike<number>, from: number, to: number): void {
    ctx.beginPath();
    for (let i = from; i <= to; i++) {
      const [px, py] = toCanvas(t, xs[i], ys[i]);
      if (i === from) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.stroke();
  }

  function drawBase(): void {
    const t = transform();
    const ctx = canvasSetup(base);
    if (!t || !ctx) return;
    const { xM, yM, widthLeftM, widthRightM, lengthM, sectors } = props.track;
    const n = xM.length;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    // tarmac
    const widthM = widthLeftM && widthRightM ? (widthLeftM[0] + widthRightM[0]) || DEFAULT_TRACK_WIDTH_M : DEFAULT_TRACK_WIDTH_M;
    ctx.strokeStyle = '#26313b';
    ctx.lineWidth = Math.max(7, widthM * t.scale);
    strokeStretch(ctx, t, xM, yM, 0, n - 1);
    ctx.beginPath();
    ctx.moveTo(...toCanvas(t, xM[n - 1], yM[n - 1]));
    ctx.lineTo(...toCanvas(t, xM[0], yM[0]));
    ctx.stroke();
    // the charts' distance window
    const r = props.range;
    if (r) {
      ctx.strokeStyle = 'rgba(63, 193, 201, 0.55)';
      ctx.lineWidth = Math.max(12, widthM * t.scale + 8);
      strokeStretch(ctx, t, xM, yM, Math.max(0, Math.floor(r.minM)), Math.min(n - 1, Math.ceil(r.maxM)));
    }
    // start/finish line and sector boundaries
    const tick = (m: number, colour: string, text: string) => {
      const i = Math.min(n - 1, Math.max(0, Math.round(m)));
      const j = (i + 2) % n;
      const dx = xM[j] - xM[i];
      const dy = yM[j] - yM[i];
      const len = Math.hypot(dx, dy) || 1;
      const half = Math.max(8, widthM * t.scale) / t.scale;
      const [ax, ay] = toCanvas(t, xM[i] - (dy / len) * half, yM[i] + (dx / len) * half);
      const [bx, by] = toCanvas(t, xM[i] + (dy / len) * half, yM[i] - (dx / len) * half);
      ctx.strokeStyle = colour;
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(ax, ay);
      ctx.lineTo(bx, by);
      ctx.stroke();
      ctx.fillStyle = colour;
      ctx.font = '600 11px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(text, bx + (bx - ax) * 0.6, by + (by - ay) * 0.6);
    };
    sectors.forEach((s, k) => {
      if (k > 0 && s.startM > 0 && s.startM < lengthM) tick(s.startM, '#3fc1c9', s.name);
    });
    tick(0, '#e6edf3', 'S/F');
    // driven line, coloured by the channel
    const v = values();
    const range = legendRange();
    const { x, y } = line();
    if (!v || !range) {
      ctx.strokeStyle = props.lap ? props.lapColour : '#93a1ae';
      ctx.lineWidth = 2;
      strokeStretch(ctx, t, x, y, 0, x.length - 1);
      return;
    }
    const table = rampTable(channel().ramp, COLOUR_STEPS);
    const paths = table.map(() => new Path2D());
    const [lo, hi] = range;
    for (let i = 0; i + 1 < x.length; i++) {
      const mid = 0.5 * (v[i] + v[i + 1]);
      const k = Number.isFinite(mid) ? Math.min(COLOUR_STEPS - 1, Math.max(0, Math.round(((mid - lo) / (hi - lo)) * (COLOUR_STEPS - 1)))) : 0;
      const [ax, ay] = toCanvas(t, x[i], y[i]);
      const [bx, by] = toCanvas(t, x[i + 1], y[i + 1]);
      paths[k].moveTo(ax, ay);
      paths[k].lineTo(bx, by);
    }
    ctx.lineWidth = 3.5;
    paths.forEach((p, k) => {
      ctx.strokeStyle = table[k];
      ctx.stroke(p);
    });
  }

  function drawCursor(): void {
    const t = transform();
    const ctx = canvasSetup(overlay);
    const d = props.cursorM;
    if (!t || !ctx || d === null || !Number.isFinite(d)) return;
    const { x, y } = line();
    const i = Math.min(x.length - 1, Math.max(0, Math.round(d)));
    const [px, py] = toCanvas(t, x[i], y[i]);
    ctx.beginPath();
    ctx.arc(px, py, 8, 0, 2 * Math.PI);
    ctx.fillStyle = props.lap ? props.lapColour : '#e6edf3';
    ctx.fill();
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#0f1419';
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(px, py, 11, 0, 2 * Math.PI);
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#e6edf3';
    ctx.stroke();
  }

  function pointerAt(e: PointerEvent): void {
    const t = transform();
    if (!t) return;
    const rect = overlay.getBoundingClientRect();
    const [mx, my] = toMetres(t, e.clientX - rect.left, e.clientY - rect.top);
    const { x, y } = line();
    const hit = nearestIndex(x, y, mx, my);
    if (hit.index < 0 || hit.distance * t.scale > HOVER_RADIUS_PX) props.onCursor(null);
    else props.onCursor(Math.min(hit.index, props.track.lengthM));
  }

  onMount(() => {
    const observer = new ResizeObserver(() => {
      const width = box.clientWidth;
      // a narrow column (map beside the lap table) gets a squarer map
      setSize({ width, height: Math.round(Math.min(width * (width < 480 ? 1 : 0.78), 520)) });
    });
    observer.observe(box);
    window.__etmTrackMap = {
      pointAt: (d) => {
        const t = transform();
        if (!t) return null;
        const { x, y } = line();
        const i = Math.min(x.length - 1, Math.max(0, Math.round(d)));
        const [px, py] = toCanvas(t, x[i], y[i]);
        const rect = overlay.getBoundingClientRect();
        return { x: rect.left + px, y: rect.top + py };
      },
    };
    onCleanup(() => {
      observer.disconnect();
      delete window.__etmTrackMap;
    });
  });

  createEffect(drawBase);
  createEffect(drawCursor);

  const cursorValue = () => {
    const d = props.cursorM;
    const v = values();
    if (d === null || !v) return null;
    const i = Math.min(v.length - 1, Math.max(0, Math.round(d)));
    return v[i];
  };

  return (
    <div class="track-map">
      <div class="map-canvas-box" ref={box} style={{ height: `${size().height}px` }}>
        <canvas class="map-base" ref={base} style={{ width: `${size().width}px`, height: `${size().height}px` }} role="img" aria-label={`Track map of ${props.track.name}`} data-testid="track-map" />
        <canvas
          class="map-overlay"
          ref={overlay}
          style={{ width: `${size().width}px`, height: `${size().height}px` }}
          aria-hidden="true"
          onPointerMove={pointerAt}
          onPointerDown={pointerAt}
          onPointerLeave={() => props.onCursor(null)}
        />
        <For each={labels()}>
          {(l) => (
            <button
              type="button"
              class="corner-label"
              classList={{ active: props.activeCorner === l.corner.number }}
              style={{ left: `${l.left}px`, top: `${l.top}px` }}
              data-corner={l.corner.number}
              aria-label={`Zoom the charts to ${l.corner.name}`}
              aria-pressed={props.activeCorner === l.corner.number}
              onClick={() => props.onCorner(l.corner)}
            >
              <span>{l.corner.name}</span>
            </button>
          )}
        </For>
      </div>
      <div class="map-legend">
        <div class="segmented" role="group" aria-label="Colour the driven line by">
          <For each={MAP_CHANNELS}>
            {(c) => (
              <button type="button" class="button segment" aria-pressed={props.channel === c.id} onClick={() => props.onChannel(c.id)}>
                {c.label}
              </button>
            )}
          </For>
        </div>
        <Show when={legendRange()} fallback={<p class="muted small">No lap on the map: pick a lap in the lap table.</p>}>
          {(range) => (
            <div class="legend-scale" data-testid="map-legend">
              <div class="legend-title">
                <span class="lap-swatch" style={{ background: props.lapColour }} />
                {props.lapLabel} · {channel().label} <span class="unit">{channel().unit}</span>
              </div>
              <div class="legend-bar" style={{ background: rampGradient(channel().ramp) }} />
              <div class="legend-ticks">
                <For each={legendTicks(range())}>
                  {(v) => (
                    <span>
                      {formatFixed(v, 0)}
                      <span class="unit">{channel().unit}</span>
                    </span>
                  )}
                </For>
              </div>
            </div>
          )}
        </Show>
        <p class="map-cursor small" aria-live="off">
          <Show when={props.cursorM !== null} fallback={<span class="muted">Hover or touch the map or a chart to place the cursor.</span>}>
            Cursor at {formatMetres(props.cursorM ?? NaN)} <span class="unit">m</span>
            <Show when={cursorValue() !== null}>
              {' '}· {formatFixed(cursorValue() ?? NaN, channel().id === 'speed' || channel().id === 'brake' ? 1 : 0)} <span class="unit">{channel().unit}</span>
            </Show>
          </Show>
        </p>
      </div>
    </div>
  );
};
