// The header's Sync button: pushes this tablet's sessions to the edge server and pulls the team's, with
// its state beside it (progress, last sync time, or what went wrong).

import { type Component } from 'solid-js';
import { useAppServices } from '../state/app-services.ts';

function since(ms: number | null): string {
  if (ms === null) return 'never synced';
  return `synced ${new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`;
}

export const SyncButton: Component = () => {
  const app = useAppServices();
  const status = () => app.sync.status();
  const busy = () => status().phase === 'pushing' || status().phase === 'pulling';
  const text = () => {
    const s = status();
    if (busy()) return s.total ? `${s.phase === 'pushing' ? '↑' : '↓'} ${s.done + 1}/${s.total}` : s.phase === 'pushing' ? '↑ …' : '↓ …';
    if (s.phase === 'error') return 'sync failed';
    if (s.phase === 'done') return `${since(s.lastSyncMs)} · ↑${s.pushed} ↓${s.pulled}`;
    return since(s.lastSyncMs);
  };
  return (
    <span class="sync-control">
      <button type="button" class="button secondary" onClick={() => void app.sync.run()} disabled={busy()} aria-busy={busy()} title={status().detail} data-testid="sync-button">
        {busy() ? 'Syncing…' : 'Sync'}
      </button>
      <span class={`sync-state ${status().phase}`} role="status" aria-live="polite" title={status().detail} data-testid="sync-state" data-phase={status().phase}>
        {text()}
      </span>
    </span>
  );
};
