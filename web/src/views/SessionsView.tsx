// The sessions view: import area on top, the stored sessions below (or an empty state with the demo).

import { Match, Switch, type Component } from 'solid-js';
import { ImportPanel } from '../components/ImportPanel.tsx';
import { SessionsTable } from '../components/SessionsTable.tsx';
import { useAppServices } from '../state/app-services.ts';
import type { SessionSummary } from '../../../workers/model/session.ts';
import { exportSession, type ExportFormat } from '../services/export-download.ts';
import { errorMessage } from '../state/error-text.ts';

export const SessionsView: Component = () => {
  const app = useAppServices();
  const list = app.sessions;
  const remove = async (id: string) => {
    try {
      await list.remove(id);
      app.analysis.forget(id);
      app.energy.forget(id);
    } catch (e) {
      app.notices.push({ tone: 'error', title: 'Could not delete the session', detail: errorMessage(e) });
    }
  };
  const exportOne = async (session: SessionSummary, format: ExportFormat) => {
    try {
      await exportSession(app.storage, session, format);
    } catch (e) {
      app.notices.push({ tone: 'error', title: `Could not export ${session.meta.sourceFile} as ${format === 'csv' ? 'CSV' : 'Parquet'}`, detail: errorMessage(e) });
    }
  };
  return (
    <div class="view sessions-view">
      <ImportPanel imports={app.imports} disabled={app.storageStatus().state !== 'ready'} />
      <section class="panel" aria-labelledby="sessions-title">
        <div class="panel-head">
          <h2 id="sessions-title">Sessions</h2>
          <span class="muted" data-testid="session-count">{list.loaded() ? `${list.sessions().length} stored` : ''}</span>
        </div>
        <Switch>
          <Match when={app.storageStatus().state === 'opening' || !list.loaded()}>
            <p class="muted">{app.storageStatus().state === 'failed' ? 'Storage unavailable.' : 'Opening on-device storage…'}</p>
          </Match>
          <Match when={list.sessions().length === 0}>
            <div class="empty">
              <p>No sessions stored yet. Import a logger file, or load the demo session.</p>
              <button type="button" class="button secondary" onClick={() => void app.loadDemo()} disabled={app.imports.status() !== null}>
                Load demo session
              </button>
            </div>
          </Match>
          <Match when={list.sessions().length > 0}>
            <SessionsTable sessions={list.sessions()} onDelete={remove} onExport={exportOne} />
          </Match>
        </Switch>
      </section>
    </div>
  );
};
