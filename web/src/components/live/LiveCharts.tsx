// Rolling traces of every car: speed (km/h), throttle (%), brake (bar) and gear against frame time, one
// uPlot chart per channel over the last `windowS` seconds up to the view's "now" (the newest live frame,
// or the replay clock), redrawn at most `maxHz` times a second. Cars are series in their map colours.

import { createEffect, on, onCleanup, onMount, type Component } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TraceChannel, TraceReader } from '../../live/trace-buffer.ts';
import { rollingData } from '../../live/trace-grid.ts';

export interface LiveChartCar {
  car: string;
  label: string;
  colour: string;
}

export interface LiveChartsProps {
  reader: TraceReader;
  cars: LiveChartCar[];
  /** The window's end, ms since the epoch (NaN: nothing yet). */
  endMs: number;
  windowS: number;
  /** Redraws per second at most. */
  maxHz?: number;
}

interface Row {
  channel: TraceChannel;
  label: string;
  unit: string;
  heightPx: number;
  range: uPlot.Scale['range'];
  stepped?: boolean;
}

const ROWS: readonly Row[] = [
  { channel: 'speedKmh', label: 'Speed', unit: 'km/h', heightPx: 130, range: (_u, _min, max) => [0, Math.max(100, Math.ceil(((max ?? 0) * 1.05) / 20) * 20)] },
  { channel: 'throttlePct', label: 'Throttle', unit: '%', heightPx: 90, range: [-3, 103] },
  { channel: 'brakeBar', label: 'Brake', unit: 'bar', heightPx: 90, range: (_u, _min, max) => [-2, Math.max(10, (max ?? 0) * 1.1)] },
  { channel: 'gear', label: 'Gear', unit: '—', heightPx: 80, range: (_u, min, max) => [Math.floor((min ?? 1) - 0.5), Math.ceil((max ?? 6) + 0.5)], stepped: true },
];

const AXIS = '#93a1ae';
const GRID = 'rgba(147, 161, 174, 0.12)';
const FONT = '12px system-ui, sans-serif';
const LABEL_FONT = '600 12px system-ui, sans-serif';
const X_AXIS_PX = 46;
/** Points per chart over the window (the window is at most a few minutes: 10 Hz or finer). */
const POINTS = 600;

let instances = 0;

/** Epoch seconds as the local time of day, hh:mm:ss (one line: uPlot's default adds the date below). */
function clockText(epochS: number): string {
  return new Date(epochS * 1000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

export const LiveCharts: Component<LiveChartsProps> = (props) => {
  let host!: HTMLDivElement;
  let charts: uPlot[] = [];
  let lastDrawMs = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const syncKey = `etm-live-${++instances}`;

  function options(row: Row, k: number, width: number): uPlot.Options {
    const last = k === ROWS.length - 1;
    return {
      width,
      height: row.heightPx + (last ? X_AXIS_PX : 0),
      legend: { show: false },
      cursor: { sync: { key: syncKey, setSeries: false }, drag: { x: false, y: false }, points: { show: false }, y: false },
      scales: { x: { time: true }, y: { range: row.range } },
      axes: [
        {
          stroke: AXIS,
          font: FONT,
          labelFont: LABEL_FONT,
          grid: { stroke: GRID, width: 1 },
          ticks: { show: last, stroke: GRID, width: 1, size: 4 },
          size: last ? 26 : 0,
          label: last ? 'Time of day (frame time), hh:mm:ss' : undefined,
          labelSize: last ? 20 : 0,
          values: last ? (_u, splits) => splits.map((v) => clockText(v)) : (_u, splits) => splits.map(() => ''),
        },
        {
          stroke: AXIS,
          font: FONT,
          labelFont: LABEL_FONT,
          grid: { stroke: GRID, width: 1 },
          ticks: { stroke: GRID, width: 1, size: 4 },
          size: 44,
          label: `${row.label} (${row.unit})`,
          labelSize: 18,
          values: row.stepped ? (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) : undefined,
        },
      ],
      series: [
        {},
        ...props.cars.map((c) => ({
          label: c.label,
          stroke: c.colour,
          width: 1.5,
          spanGaps: false,
          points: { show: false },
          ...(row.stepped ? { paths: uPlot.paths.stepped!({ align: 1 }) } : {}),
        })),
      ],
    };
  }

  function build(): void {
    for (const u of charts) u.destroy();
    charts = [];
    host.replaceChildren();
    const width = Math.max(200, host.clientWidth);
    ROWS.forEach((row, k) => {
      const div = document.createElement('div');
      div.className = 'live-chart';
      div.dataset.channel = row.channel;
      host.append(div);
      charts.push(new uPlot(options(row, k, width), [[], ...props.cars.map(() => [])] as unknown as uPlot.AlignedData, div));
    });
    draw();
  }

  function draw(): void {
    lastDrawMs = performance.now();
    const end = props.endMs;
    if (!Number.isFinite(end) || props.cars.length === 0) return;
    const ids = props.cars.map((c) => c.car);
    const windowMs = props.windowS * 1000;
    charts.forEach((u, k) => {
      const data = rollingData(props.reader, ids, ROWS[k].channel, end, windowMs, POINTS);
      u.batch(() => {
        u.setData(data as unknown as uPlot.AlignedData, false);
        u.setScale('x', { min: (end - windowMs) / 1000, max: end / 1000 });
      });
    });
    host.dataset.endMs = String(Math.round(end));
  }

  /** Draws now, or once the rate limit allows. */
  function schedule(): void {
    const every = 1000 / (props.maxHz ?? 8);
    const wait = lastDrawMs + every - performance.now();
    if (wait <= 0) {
      clearTimeout(timer);
      timer = undefined;
      draw();
    } else if (timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        draw();
      }, wait);
    }
  }

  onMount(() => {
    build();
    const observer = new ResizeObserver(() => {
      const width = Math.max(200, host.clientWidth);
      for (const u of charts) if (u.width !== width) u.setSize({ width, height: u.height });
    });
    observer.observe(host);
    onCleanup(() => {
      observer.disconnect();
      clearTimeout(timer);
      for (const u of charts) u.destroy();
      charts = [];
    });
  });

  // new cars: new series
  createEffect(on(() => props.cars.map((c) => `${c.car}:${c.colour}`).join(','), () => build(), { defer: true }));
  createEffect(on(() => [props.endMs, props.windowS], schedule, { defer: true }));

  return <div class="live-charts" ref={host} aria-label="Rolling speed, throttle, brake and gear traces of every car" role="img" data-testid="live-charts" />;
};
