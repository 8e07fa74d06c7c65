// Lap compare: one uPlot chart per channel (speed, throttle, brake, gear, steering, delta-time) against
// distance, every compared lap overlaid, with one cursor and one distance window for the whole stack.
// uPlot gets only the window's samples, reduced to each pixel column's min/max when they are dense.
// Mouse: drag to zoom, wheel to zoom, shift-drag (or middle button) to pan, double-click for the whole
// lap. Touch: one finger moves the cursor, two fingers pinch and pan.

import { createEffect, on, onCleanup, onMount, type Component } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Corner } from '../../../../workers/geometry/types.ts';
import type { CompareResult } from '../../../../workers/laps/analysis.worker.ts';
import { axisLabel, CHART_ROWS, toSeries, type ChartRow } from '../../analysis/chart-rows.ts';
import { windowSeries, type Series } from '../../analysis/envelope.ts';
import { clampRange, panBy, pinchRange, zoomAround, type XRange } from '../../analysis/zoom.ts';

export interface LapCompareChartsProps {
  data: CompareResult;
  colours: string[];
  labels: string[];
  corners: Corner[];
  /** The distance window; null = the whole lap. */
  range: XRange | null;
  onRange: (r: XRange | null) => void;
  cursorM: number | null;
  /** True when the track map moved the cursor (the charts follow it without echoing it back). */
  cursorFromMap: boolean;
  onCursor: (distanceM: number | null) => void;
  /** Index of the lap drawn thicker (the one on the map). */
  focusIndex: number;
}

/** What the browser test and the redraw bench read: the charts and their distance window. */
export interface LapCompareHook {
  charts: () => uPlot[];
  xRange: () => { min: number; max: number } | null;
  /** Recomputes every chart's window data and redraws (what a zoom does), synchronously. */
  refresh: () => void;
}

declare global {
  interface Window {
    __etmLapCompare?: LapCompareHook;
  }
}

const AXIS_COLOUR = '#93a1ae';
const GRID_COLOUR = 'rgba(147, 161, 174, 0.12)';
const X_AXIS_HEIGHT_PX = 52;
const Y_AXIS_WIDTH_PX = 62;
const FONT = '12px system-ui, sans-serif';
const LABEL_FONT = '600 12px system-ui, sans-serif';
/** A pixel column whose values span less than this (device pixels) is handed to uPlot as one point. */
const FLAT_COLUMN_PX = 0.5;
/** The reference and the lap on the map are drawn thicker; the others as 1 px hairlines (fast to rasterise). */
const FOCUS_WIDTH_PX = 2;
const LINE_WIDTH_PX = 1;
/** Wheel zoom: a 100-pixel notch scales the window by e^0.15 ≈ 1.16. */
const WHEEL_ZOOM_PER_PX = 0.0015;

let instances = 0;

/** The stretches of a corner on [0, L] (two when it spans the start/finish line). */
function cornerSpans(c: Corner, lengthM: number): [number, number][] {
  return c.entryM <= c.exitM ? [[c.entryM, c.exitM]] : [[c.entryM, lengthM], [0, c.exitM]];
}

/** Shaded corners behind the lines (named on the top chart) and, for delta-time, the zero line. */
function backdrop(corners: () => Corner[], lengthM: () => number, named: boolean, zeroLine: boolean): uPlot.Plugin {
  return {
    hooks: {
      drawClear: [
        (u) => {
          const { left, top, width, height } = u.bbox;
          const ctx = u.ctx;
          const px = devicePixelRatio || 1;
          ctx.save();
          ctx.beginPath();
          ctx.rect(left, top, width, height);
          ctx.clip();
          ctx.font = `600 ${11 * px}px system-ui, sans-serif`;
          ctx.textAlign = 'center';
          ctx.textBaseline = 'top';
          for (const c of corners()) {
            for (const [a, b] of cornerSpans(c, lengthM())) {
              const x0 = u.valToPos(a, 'x', true);
              const x1 = u.valToPos(b, 'x', true);
              if (x1 < left || x0 > left + width) continue;
              ctx.fillStyle = 'rgba(255, 255, 255, 0.045)';
              ctx.fillRect(x0, top, x1 - x0, height);
              if (named) {
                ctx.fillStyle = 'rgba(230, 237, 243, 0.7)';
                ctx.fillText(c.name, (x0 + x1) / 2, top + 3 * px);
              }
            }
          }
          if (zeroLine) {
            const y = u.valToPos(0, 'y', true);
            ctx.strokeStyle = 'rgba(230, 237, 243, 0.35)';
            ctx.lineWidth = px;
            ctx.beginPath();
            ctx.moveTo(left, y);
            ctx.lineTo(left + width, y);
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
}

function yRange(row: ChartRow): uPlot.Scale['range'] {
  if (row.range) return row.range;
  if (row.id === 'brake') return (_u, _min, max) => [-2, Math.max(10, (max ?? 0) * 1.08)];
  if (row.id === 'gear') return (_u, min, max) => [Math.floor((min ?? 1) - 0.5), Math.ceil((max ?? 6) + 0.5)];
  return (_u, min, max) => {
    const lo = min ?? 0;
    const hi = max ?? 1;
    const pad = Math.max(1e-3, (hi - lo) * 0.08);
    return [lo - pad, hi + pad];
  };
}

export const LapCompareCharts: Component<LapCompareChartsProps> = (props) => {
  let host!: HTMLDivElement;
  let charts: uPlot[] = [];
  /** Each chart's series on the full distance grid, and the window last handed to it. */
  let sources: Series[][] = [];
  let shown: string[] = [];
  /** Set while the component itself moves scales or cursors, so that their hooks do not echo. */
  let applying = false;
  let cursorFrame = 0;
  let pendingCursor: number | null = null;
  const syncKey = `etm-lap-compare-${++instances}`;

  const lengthM = () => props.data.lengthM;
  const whole = (): XRange => ({ minM: 0, maxM: lengthM() });
  const current = (): XRange => props.range ?? whole();
  const isWhole = (r: XRange) => r.minM <= 1e-6 && r.maxM >= lengthM() - 1e-6;
  const emitRange = (r: XRange) => props.onRange(isWhole(r) ? null : clampRange(r, lengthM()));

  function publishAttributes(): void {
    const x = charts[0]?.scales.x;
    if (!x || x.min == null || x.max == null) return;
    host.dataset.xMin = x.min.toFixed(1);
    host.dataset.xMax = x.max.toFixed(1);
  }

  function queueCursor(d: number | null): void {
    pendingCursor = d;
    if (cursorFrame) return;
    cursorFrame = requestAnimationFrame(() => {
      cursorFrame = 0;
      props.onCursor(pendingCursor);
    });
  }

  /** Pixel columns of a chart's plot area (device pixels). */
  const columnsOf = (u: uPlot) => Math.max(64, Math.round(u.bbox.width));

  function windowData(k: number, r: XRange, columns: number): uPlot.AlignedData {
    // a column flatter than half a device pixel of the chart's height is drawn as one point (its plot area is
    // at most heightPx high, and its scale spans at least the window's data: the real fraction is smaller)
    const flatFraction = FLAT_COLUMN_PX / (CHART_ROWS[k].heightPx * (devicePixelRatio || 1));
    const w = windowSeries(props.data.distanceM, sources[k], r.minM, r.maxM, columns, flatFraction);
    return [w.x, ...w.ys] as uPlot.AlignedData;
  }

  /** Hands each chart the window's data (unless it has it already, or `force`) and sets its distance scale. */
  function applyRange(r: XRange, force = false): void {
    applying = true;
    try {
      charts.forEach((u, k) => {
        const key = `${r.minM}:${r.maxM}:${columnsOf(u)}`;
        if (!force && shown[k] === key && u.scales.x.min === r.minM && u.scales.x.max === r.maxM) return;
        shown[k] = key;
        u.batch(() => {
          u.setData(windowData(k, r, columnsOf(u)), false);
          u.setScale('x', { min: r.minM, max: r.maxM });
        });
      });
    } finally {
      applying = false;
    }
    publishAttributes();
  }

  function attachGestures(u: uPlot): void {
    const over = u.over;
    over.style.touchAction = 'pan-y';
    const plotX = (clientX: number) => clientX - over.getBoundingClientRect().left;
    over.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const width = over.clientWidth || 1;
        const r = current();
        const span = r.maxM - r.minM;
        if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
          emitRange(panBy(r, (e.deltaX / width) * span, lengthM()));
          return;
        }
        const scale = e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? 800 : 1;
        const at = r.minM + (plotX(e.clientX) / width) * span;
        emitRange(zoomAround(r, at, Math.exp(e.deltaY * scale * WHEEL_ZOOM_PER_PX), lengthM()));
      },
      { passive: false },
    );

    const touches = new Map<number, number>();
    let pan: { x0: number; start: XRange } | null = null;
    let pinch: { ids: [number, number]; from: [number, number]; start: XRange } | null = null;
    const scrub = (x: number) => u.setCursor({ left: x, top: over.clientHeight / 2 });
    const capture = (e: PointerEvent) => {
      try {
        over.setPointerCapture(e.pointerId);
      } catch {
        // a pointer the browser no longer tracks (or a synthetic one): moves outside the plot are missed
      }
    };

    over.addEventListener('pointerdown', (e) => {
      if (e.pointerType === 'mouse') {
        if (!(e.shiftKey || e.button === 1)) return;
        // No mousedown follows, so uPlot does not start a zoom selection.
        e.preventDefault();
        capture(e);
        pan = { x0: e.clientX, start: current() };
        return;
      }
      capture(e);
      touches.set(e.pointerId, plotX(e.clientX));
      if (touches.size === 2) {
        const [a, b] = [...touches.entries()];
        pinch = { ids: [a[0], b[0]], from: [a[1], b[1]], start: current() };
      } else if (touches.size === 1) scrub(plotX(e.clientX));
    });
    over.addEventListener('pointermove', (e) => {
      if (pan) {
        const r = pan.start;
        emitRange(panBy(r, (-(e.clientX - pan.x0) / (over.clientWidth || 1)) * (r.maxM - r.minM), lengthM()));
        return;
      }
      if (!touches.has(e.pointerId)) return;
      touches.set(e.pointerId, plotX(e.clientX));
      if (pinch) {
        const to: [number, number] = [touches.get(pinch.ids[0]) ?? pinch.from[0], touches.get(pinch.ids[1]) ?? pinch.from[1]];
        emitRange(pinchRange(pinch.start, over.clientWidth || 1, pinch.from, to, lengthM()));
      } else if (touches.size === 1) scrub(plotX(e.clientX));
    });
    const end = (e: PointerEvent) => {
      if (pan && e.pointerType === 'mouse') pan = null;
      touches.delete(e.pointerId);
      if (touches.size < 2) pinch = null;
    };
    over.addEventListener('pointerup', end);
    over.addEventListener('pointercancel', end);
  }

  function options(row: ChartRow, k: number, width: number): uPlot.Options {
    const last = k === CHART_ROWS.length - 1;
    const d = props.data;
    return {
      width,
      height: row.heightPx + (last ? X_AXIS_HEIGHT_PX : 0),
      legend: { show: false },
      cursor: {
        sync: { key: syncKey, setSeries: false },
        drag: { x: true, y: false, setScale: true },
        points: { show: false },
        y: false,
        // The data is only the window: a double-click goes back to the whole lap (not the data's extent).
        bind: {
          dblclick: () => () => {
            props.onRange(null);
            return null;
          },
        },
      },
      scales: { x: { time: false }, y: { range: yRange(row) } },
      axes: [
        {
          show: true,
          stroke: AXIS_COLOUR,
          font: FONT,
          labelFont: LABEL_FONT,
          grid: { stroke: GRID_COLOUR, width: 1 },
          ticks: { show: last, stroke: GRID_COLOUR, width: 1, size: 4 },
          size: last ? 30 : 0,
          label: last ? 'Distance (m)' : undefined,
          labelSize: last ? 20 : 0,
          values: last ? undefined : (_u, splits) => splits.map(() => ''),
        },
        {
          stroke: AXIS_COLOUR,
          font: FONT,
          labelFont: LABEL_FONT,
          grid: { stroke: GRID_COLOUR, width: 1 },
          ticks: { stroke: GRID_COLOUR, width: 1, size: 4 },
          size: Y_AXIS_WIDTH_PX - 18,
          label: axisLabel(row),
          labelSize: 18,
          values: row.stepped ? (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) : undefined,
        },
      ],
      series: [
        { label: 'Distance (m)' },
        ...d.laps.map((_, i) => ({
          label: props.labels[i],
          stroke: props.colours[i],
          width: i === 0 || i === props.focusIndex ? FOCUS_WIDTH_PX : LINE_WIDTH_PX,
          points: { show: false },
          paths: row.stepped ? uPlot.paths.stepped!({ align: 1 }) : undefined,
        })),
      ],
      plugins: [backdrop(() => props.corners, lengthM, k === 0, row.id === 'delta')],
      hooks: {
        setScale: [
          (u, key) => {
            if (key !== 'x') return;
            if (u === charts[0]) publishAttributes();
            if (applying) return;
            const { min, max } = u.scales.x;
            if (min == null || max == null) return;
            // A drag-zoom or double-click on one chart: the others and the map follow.
            emitRange({ minM: Math.max(0, min), maxM: Math.min(lengthM(), max) });
          },
        ],
        setCursor: [
          (u) => {
            if (applying) return;
            const left = u.cursor.left;
            queueCursor(left == null || left < 0 ? null : u.posToVal(left, 'x'));
          },
        ],
      },
    };
  }

  function destroyCharts(): void {
    for (const u of charts) u.destroy();
    charts = [];
    sources = [];
    shown = [];
    host.replaceChildren();
  }

  function build(): void {
    destroyCharts();
    const d = props.data;
    if (d.laps.length === 0) return;
    const n = d.distanceM.length;
    const width = Math.max(200, host.clientWidth);
    const columns = Math.round((width - Y_AXIS_WIDTH_PX) * (devicePixelRatio || 1));
    applying = true;
    try {
      CHART_ROWS.forEach((row, k) => {
        const el = document.createElement('div');
        el.className = 'chart-row';
        el.dataset.row = row.id;
        host.append(el);
        sources[k] = d.laps.map((l) => toSeries(row.pick(l), n));
        const u = new uPlot(options(row, k, width), windowData(k, current(), columns), el);
        attachGestures(u);
        charts.push(u);
      });
    } finally {
      applying = false;
    }
    host.dataset.laps = String(d.laps.length);
    host.dataset.points = String(n * d.laps.length * CHART_ROWS.length);
    applyRange(current());
  }

  onMount(() => {
    const resize = new ResizeObserver(() => {
      const width = Math.max(200, host.clientWidth);
      let resized = false;
      for (const u of charts) {
        if (u.width === width) continue;
        u.batch(() => u.setSize({ width, height: u.height }));
        resized = true;
      }
      if (resized) applyRange(current());
    });
    resize.observe(host);
    window.__etmLapCompare = {
      charts: () => charts,
      xRange: () => {
        const x = charts[0]?.scales.x;
        return x && x.min != null && x.max != null ? { min: x.min, max: x.max } : null;
      },
      refresh: () => applyRange(current(), true),
    };
    onCleanup(() => {
      resize.disconnect();
      cancelAnimationFrame(cursorFrame);
      destroyCharts();
      delete window.__etmLapCompare;
    });
  });

  createEffect(on(() => props.data, build));
  createEffect(on(() => props.range, () => applyRange(current()), { defer: true }));
  createEffect(
    on(
      () => props.focusIndex,
      (focus) => {
        for (const u of charts) {
          u.series.forEach((s, i) => {
            if (i > 0) s.width = i === 1 || i - 1 === focus ? FOCUS_WIDTH_PX : LINE_WIDTH_PX;
          });
          u.redraw();
        }
      },
      { defer: true },
    ),
  );
  createEffect(() => {
    const d = props.cursorM;
    if (!props.cursorFromMap) return;
    applying = true;
    try {
      for (const u of charts) {
        const left = d === null ? -10 : u.valToPos(d, 'x');
        u.setCursor({ left, top: d === null ? -10 : u.over.clientHeight / 2 }, false);
      }
    } finally {
      applying = false;
    }
  });

  return <div class="lap-compare-charts" ref={host} data-testid="lap-compare-charts" />;
};
