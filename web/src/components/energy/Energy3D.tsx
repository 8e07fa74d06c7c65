// The 3D energy view (three.js WebGLRenderer): the circuit as a ribbon whose height and colour show net
// power (braking below the track) or speed along the lap, or their A − B difference, over the flat track
// and a ground grid. Orbit / pinch / pan with OrbitControls, rendered on demand (kind to software GL);
// a lost WebGL context is reported and redrawn when restored; without WebGL a clear message instead.

import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show, type Component } from 'solid-js';
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { FlowGridResult } from '../../../../workers/energy/energy.worker.ts';
import { POWER_RAMP, SPEED_RAMP } from '../../../../workers/energy/view/colour-scale.ts';
import type { RibbonGeometry } from '../../../../workers/energy/view/ribbon.ts';
import { formatFixed } from '../../analysis/lap-format.ts';

export type RibbonQuantity = 'power' | 'speed';

export interface Energy3DProps {
  data: FlowGridResult;
  labelA: string;
  labelB: string;
  quantity: RibbonQuantity;
  onQuantity: (q: RibbonQuantity) => void;
}

/** What the browser test reads: rendered pixels, and a way to lose and restore the WebGL context. */
export interface Energy3DHook {
  stats: () => { drawn: number; reddish: number; bluish: number; renderer: string } | null;
  loseContext: () => void;
  restoreContext: () => void;
}

declare global {
  interface Window {
    __etmEnergy3D?: Energy3DHook;
  }
}

const BACKGROUND = 0x0b1015;

// vertex colours are sRGB bytes from the worker: draw them as they are
THREE.ColorManagement.enabled = false;

function gradientCss(ramp: readonly string[]): string {
  return `linear-gradient(to right, ${ramp.map((c, k) => `${c} ${Math.round((k / (ramp.length - 1)) * 100)}%`).join(', ')})`;
}

function webGlProblem(): string | null {
  try {
    const c = document.createElement('canvas');
    return c.getContext('webgl2') || c.getContext('webgl') ? null : 'this browser or device provides no WebGL context';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const Energy3D: Component<Energy3DProps> = (props) => {
  let box!: HTMLDivElement;
  const [status, setStatus] = createSignal<'starting' | 'ready' | 'lost' | 'unavailable'>('starting');
  const [problem, setProblem] = createSignal('');
  const [width, setWidth] = createSignal(0);
  const height = createMemo(() => Math.round(Math.min(560, Math.max(300, width() * 0.62))));

  let renderer: THREE.WebGLRenderer | null = null;
  let camera: THREE.PerspectiveCamera | null = null;
  let controls: OrbitControls | null = null;
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(BACKGROUND);
  const content = new THREE.Group();
  scene.add(content);

  const ribbon = createMemo<RibbonGeometry>(() => props.data.ribbons[props.quantity]);
  const diff = () => props.data.mode === 'difference';

  function render(): void {
    if (renderer && camera && status() === 'ready') renderer.render(scene, camera);
  }

  function clearContent(): void {
    for (const child of [...content.children]) {
      content.remove(child);
      if (child instanceof THREE.Mesh || child instanceof THREE.LineSegments) {
        child.geometry.dispose();
        (Array.isArray(child.material) ? child.material : [child.material]).forEach((m: THREE.Material) => m.dispose());
      }
    }
  }

  function build(): void {
    clearContent();
    const r = ribbon();
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(r.positions, 3));
    geometry.setAttribute('color', new THREE.BufferAttribute(r.colors, 3));
    geometry.setIndex(new THREE.BufferAttribute(r.indices, 1));
    content.add(new THREE.Mesh(geometry, new THREE.MeshBasicMaterial({ vertexColors: true, side: THREE.DoubleSide })));
    const ground = new THREE.BufferGeometry();
    ground.setAttribute('position', new THREE.BufferAttribute(r.groundPositions, 3));
    ground.setIndex(new THREE.BufferAttribute(r.groundIndices, 1));
    content.add(new THREE.Mesh(ground, new THREE.MeshBasicMaterial({ color: 0x4a5663, transparent: true, opacity: 0.55, side: THREE.DoubleSide, depthWrite: false })));
    const grid = new THREE.GridHelper(r.extentM * 1.25, 25, 0x2a3540, 0x1a222b);
    grid.position.y = -0.2;
    content.add(grid);
    // the start/finish line: a white post at the ribbon's first section
    const post = new THREE.Mesh(new THREE.BoxGeometry(3, r.extentM * 0.1, 3), new THREE.MeshBasicMaterial({ color: 0xe6edf3 }));
    post.position.set(r.positions[6], r.extentM * 0.05, r.positions[8]);
    content.add(post);
  }

  function resetView(): void {
    if (!camera || !controls) return;
    const e = ribbon().extentM;
    camera.near = Math.max(0.5, e / 500);
    camera.far = e * 10;
    camera.position.set(0, e * 0.52, e * 0.74);
    camera.updateProjectionMatrix();
    controls.target.set(0, 0, 0);
    controls.update();
    render();
  }

  function resize(): void {
    if (!renderer || !camera || width() === 0) return;
    renderer.setSize(width(), height(), false);
    camera.aspect = width() / height();
    camera.updateProjectionMatrix();
    render();
  }

  function start(): void {
    const why = webGlProblem();
    if (why) {
      setProblem(why);
      setStatus('unavailable');
      return;
    }
    const canvas = document.createElement('canvas');
    canvas.className = 'energy-3d-canvas';
    canvas.dataset.testid = 'energy-3d-canvas';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'Circuit ribbon in 3D: drag to orbit, pinch or wheel to zoom, two fingers or right-drag to pan');
    try {
      renderer = new THREE.WebGLRenderer({ canvas, antialias: true });
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
      setStatus('unavailable');
      return;
    }
    renderer.outputColorSpace = THREE.LinearSRGBColorSpace;
    renderer.setPixelRatio(Math.min(2, devicePixelRatio || 1));
    box.append(canvas);
    canvas.addEventListener('webglcontextlost', (e) => {
      e.preventDefault();
      setStatus('lost');
    });
    canvas.addEventListener('webglcontextrestored', () => {
      // three.js re-creates its GL state on restore; the buffers upload again on the next render
      setStatus('ready');
      render();
    });
    camera = new THREE.PerspectiveCamera(42, 1.6, 1, 10_000);
    controls = new OrbitControls(camera, canvas);
    controls.enableDamping = false;
    controls.maxPolarAngle = Math.PI * 0.49;
    controls.addEventListener('change', render);
    setStatus('ready');
    build();
    resize();
    resetView();
  }

  onMount(() => {
    const observer = new ResizeObserver(() => setWidth(box.clientWidth));
    observer.observe(box);
    setWidth(box.clientWidth);
    start();
    window.__etmEnergy3D = {
      stats: () => {
        if (!renderer || !camera || status() !== 'ready') return null;
        renderer.render(scene, camera);
        const gl = renderer.getContext();
        const w = gl.drawingBufferWidth;
        const h = gl.drawingBufferHeight;
        const px = new Uint8Array(w * h * 4);
        gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
        let drawn = 0;
        let reddish = 0;
        let bluish = 0;
        for (let i = 0; i < px.length; i += 4) {
          const r = px[i];
          const g = px[i + 1];
          const b = px[i + 2];
          if (Math.abs(r - 0x0b) + Math.abs(g - 0x10) + Math.abs(b - 0x15) > 30) drawn++;
          if (r > b + 60 && r > g + 30) reddish++;
          if (b > r + 60) bluish++;
        }
        const n = w * h;
        const info = renderer.getContext().getExtension('WEBGL_debug_renderer_info');
        const name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : String(gl.getParameter(gl.RENDERER));
        return { drawn: drawn / n, reddish: reddish / n, bluish: bluish / n, renderer: `${renderer.capabilities.isWebGL2 ? 'WebGL2' : 'WebGL1'} ${name}` };
      },
      loseContext: () => renderer?.forceContextLoss(),
      restoreContext: () => renderer?.forceContextRestore(),
    };
    onCleanup(() => {
      observer.disconnect();
      delete window.__etmEnergy3D;
      controls?.dispose();
      clearContent();
      renderer?.dispose();
      renderer?.domElement.remove();
      renderer = null;
    });
  });

  createEffect(on([width, height], resize, { defer: true }));
  createEffect(
    on(
      ribbon,
      (_, previous) => {
        if (!renderer) return;
        const extentChanged = previous !== undefined && previous.extentM !== ribbon().extentM;
        build();
        if (extentChanged) resetView();
        else render();
      },
      { defer: true },
    ),
  );

  const legend = createMemo(() => {
    const r = ribbon();
    const power = props.quantity === 'power';
    const unit = power ? 'kW' : 'km/h';
    const ticks = r.signed ? [-r.limits.negative, -r.limits.negative / 2, 0, r.limits.positive / 2, r.limits.positive] : [0, r.limits.positive / 2, r.limits.positive];
    const what = power ? (diff() ? 'Δ net power (A − B)' : 'Net power (traction − braking)') : diff() ? 'Δ speed (A − B)' : 'Speed';
    const heightNote = power ? (diff() ? 'height ∝ Δ net power, below the track where A is lower' : 'height ∝ net power, below the track when braking') : diff() ? 'height ∝ Δ speed, below the track where A is slower' : 'height ∝ speed';
    return { unit, ticks, what, heightNote, ramp: r.signed ? POWER_RAMP : SPEED_RAMP };
  });

  return (
    <div class="energy-3d">
      <div class="energy-3d-controls">
        <div class="segmented" role="group" aria-label="The ribbon shows">
          <button type="button" class="button segment" aria-pressed={props.quantity === 'power'} onClick={() => props.onQuantity('power')}>
            Power
          </button>
          <button type="button" class="button segment" aria-pressed={props.quantity === 'speed'} onClick={() => props.onQuantity('speed')}>
            Speed
          </button>
        </div>
        <button type="button" class="button secondary" onClick={resetView} disabled={status() !== 'ready'}>
          Reset view
        </button>
      </div>
      <div class="energy-3d-box" ref={box} style={{ height: `${height()}px` }} data-status={status()}>
        <Show when={status() === 'lost'}>
          <p class="energy-3d-message" role="status">
            The 3D view lost its graphics context (the GPU was reset or reclaimed). It is redrawn when the browser restores it.
          </p>
        </Show>
        <Show when={status() === 'unavailable'}>
          <p class="energy-3d-message" role="alert">
            <strong>The 3D view needs WebGL</strong>, which is not available here ({problem()}). The FlowGrid and the table show the same data.
          </p>
        </Show>
      </div>
      <div class="legend-scale energy-3d-legend" data-testid="energy-3d-legend">
        <div class="legend-title">
          <span>
            <strong>{legend().what}</strong> · {diff() ? `A ${props.labelA} − B ${props.labelB}` : props.labelA} · {legend().heightNote}
          </span>
        </div>
        <div class="legend-bar" style={{ background: gradientCss(legend().ramp) }} />
        <div class="legend-ticks">
          <For each={legend().ticks}>
            {(v) => (
              <span>
                {ribbon().signed && v > 0 ? '+' : v < 0 ? '−' : ''}
                {formatFixed(Math.abs(v), 0)}
                <span class="unit">{legend().unit}</span>
              </span>
            )}
          </For>
        </div>
        <p class="small muted">Drag to orbit, pinch or wheel to zoom, two fingers or right-drag to pan.</p>
      </div>
    </div>
  );
};

export default Energy3D;
