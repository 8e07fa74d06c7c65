// Measured against predicted power along one lap (canvas): traction upwards in red, braking downwards
// in blue, measured solid and the model's prediction as a lighter line, with distance and kW axes.

import { createEffect, createSignal, onCleanup, onMount, type Component } from 'solid-js';
import type { PowerTrace } from '../../../../workers/energy/model/model.worker.ts';
import { niceCeil } from '../../../../workers/energy/view/colour-scale.ts';
import { prepareHiDpiCanvas } from '../hidpi-canvas.ts';

/** Must match .power-trace-box in energy.css (no inline styles: the app's CSP allows none). */
const HEIGHT_PX = 230;
const LEFT_PX = 58;
const RIGHT_PX = 12;
const TOP_PX = 22;
const BOTTOM_PX = 34;

export const PowerTraceChart: Component<{ trace: PowerTrace; label: string }> = (props) => {
  let box!: HTMLDivElement;
  let canvas!: HTMLCanvasElement;
  const [width, setWidth] = createSignal(0);

  function draw(): void {
    const w = width();
    if (w === 0) return;
    const ctx = prepareHiDpiCanvas(canvas, w, HEIGHT_PX);
    if (!ctx) return;
    const t = props.trace;
    const n = t.measuredTractionKw.length;
    let top = 1;
    let bottom = 1;
    for (let j = 0; j < n; j++) {
      top = Math.max(top, t.measuredTractionKw[j], t.predictedTractionKw[j]);
      bottom = Math.max(bottom, t.measuredBrakingKw[j], t.predictedBrakingKw[j]);
    }
    top = niceCeil(top);
    bottom = niceCeil(bottom);
    const plotW = w - LEFT_PX - RIGHT_PX;
    const plotH = HEIGHT_PX - TOP_PX - BOTTOM_PX;
    const x = (j: number) => LEFT_PX + (j / Math.max(1, n - 1)) * plotW;
    const y = (kw: number) => TOP_PX + ((top - kw) / (top + bottom)) * plotH;
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillStyle = '#93a1ae';
    ctx.strokeStyle = '#2a3540';
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    let lastY = -Infinity;
    for (const v of [top, top / 2, 0, -bottom / 2, -bottom]) {
      if (y(v) - lastY < 16) continue; // labels closer than a line of text would overlap
      lastY = y(v);
      ctx.beginPath();
      ctx.moveTo(LEFT_PX, y(v));
      ctx.lineTo(w - RIGHT_PX, y(v));
      ctx.stroke();
      ctx.fillText(`${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(0)}`, LEFT_PX - 6, y(v));
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const stepM = niceCeil(n / 6);
    for (let m = 0; m <= n; m += stepM) ctx.fillText(String(m), x(m), TOP_PX + plotH + 6);
    ctx.fillText('Distance (m)', LEFT_PX + plotW / 2, TOP_PX + plotH + 20);
    ctx.textAlign = 'left';
    ctx.fillText('Power (kW): traction +, braking −', 4, 2);
    const line = (values: Float32Array, sign: number, colour: string, widthPx: number) => {
      ctx.strokeStyle = colour;
      ctx.lineWidth = widthPx;
      ctx.beginPath();
      for (let j = 0; j < n; j++) {
        if (j === 0) ctx.moveTo(x(j), y(sign * values[j]));
        else ctx.lineTo(x(j), y(sign * values[j]));
      }
      ctx.stroke();
    };
    line(t.measuredTractionKw, 1, '#f0392b', 2);
    line(t.measuredBrakingKw, -1, '#2f86ff', 2);
    line(t.predictedTractionKw, 1, '#ffd2c4', 1.2);
    line(t.predictedBrakingKw, -1, '#cfe6ff', 1.2);
  }

  onMount(() => {
    const observer = new ResizeObserver(() => setWidth(box.clientWidth));
    observer.observe(box);
    setWidth(box.clientWidth);
    onCleanup(() => observer.disconnect());
  });
  createEffect(draw);

  return (
    <figure class="power-trace">
      <div ref={box} class="power-trace-box">
        <canvas ref={canvas} style={{ width: `${width()}px` }} role="img" aria-label={`Measured and predicted power along ${props.label}`} data-testid="power-trace" />
      </div>
      <figcaption class="small muted">
        {props.label}: <span class="swatch traction" /> measured traction, <span class="swatch traction-pred" /> predicted; <span class="swatch braking" /> measured braking, <span class="swatch braking-pred" /> predicted (kW).
      </figcaption>
    </figure>
  );
};
