// The stored sessions: driver, car, track, date, duration, channels (expandable), laps, source file,
// and per session: analyse, export (CSV / Parquet) and delete.

import { createSignal, For, Show, type Component } from 'solid-js';
import type { SessionSummary } from '../../../workers/model/session.ts';
import { formatCount, formatDurationMmSs, formatLocalDateTime } from '../format.ts';
import type { ExportFormat } from '../services/export-download.ts';
import { routeHref } from '../state/router.ts';
import { ChannelList } from './ChannelList.tsx';

export interface SessionActions {
  onDelete: (id: string) => Promise<void>;
  onExport: (session: SessionSummary, format: ExportFormat) => Promise<void>;
}

/** A delete needs a second tap within this time. */
const CONFIRM_WINDOW_MS = 4000;

function carLabel(s: SessionSummary): string {
  const { vehicleNumber, vehicleId } = s.meta;
  if (vehicleNumber && vehicleId && vehicleId !== vehicleNumber) return `#${vehicleNumber} · ${vehicleId}`;
  if (vehicleNumber) return `#${vehicleNumber}`;
  return vehicleId || '—';
}

const ExportButton: Component<{ session: SessionSummary; format: ExportFormat; label: string; onExport: SessionActions['onExport'] }> = (props) => {
  const [busy, setBusy] = createSignal(false);
  const run = async () => {
    setBusy(true);
    try {
      await props.onExport(props.session, props.format);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      class="button secondary"
      disabled={busy()}
      aria-busy={busy()}
      aria-label={`Export ${props.label} of the session from ${props.session.meta.sourceFile}`}
      title={`Export ${props.label} (wide layout: time_s and one column per channel)`}
      onClick={() => void run()}
    >
      {busy() ? '…' : props.label}
    </button>
  );
};

const SessionRow: Component<{ session: SessionSummary } & SessionActions> = (props) => {
  const [expanded, setExpanded] = createSignal(false);
  const [confirming, setConfirming] = createSignal(false);
  const [deleting, setDeleting] = createSignal(false);
  const s = () => props.session;
  const channelsId = () => `channels-${s().id}`;

  const onDeleteClick = async () => {
    if (!confirming()) {
      setConfirming(true);
      setTimeout(() => setConfirming(false), CONFIRM_WINDOW_MS);
      return;
    }
    setDeleting(true);
    try {
      await props.onDelete(s().id);
    } finally {
      setDeleting(false);
      setConfirming(false);
    }
  };

  return (
    <>
      <tr class="session-row" data-session-id={s().id}>
        <td data-label="Driver">{s().meta.driver || '—'}</td>
        <td data-label="Car">{carLabel(s())}</td>
        <td data-label="Track">
          <div>{s().meta.track || '—'}</div>
          <Show when={s().meta.event || s().meta.sessionName}>
            <div class="muted small">{[s().meta.event, s().meta.sessionName].filter(Boolean).join(' · ')}</div>
          </Show>
        </td>
        <td data-label="Date">{formatLocalDateTime(s().meta.startTimeMs)}</td>
        <td data-label="Duration" class="num">
          {formatDurationMmSs(s().durationS)} <span class="unit">mm:ss</span>
        </td>
        <td data-label="Channels">
          <button type="button" class="button link" aria-expanded={expanded()} aria-controls={channelsId()} onClick={() => setExpanded(!expanded())}>
            <span class="chevron" aria-hidden="true">{expanded() ? '▾' : '▸'}</span> {formatCount(s().channels.length, 'channel')}
          </button>
        </td>
        <td data-label="Laps" class="num">{formatCount(s().laps.length, 'lap')}</td>
        <td data-label="Source file" class="source-file" title={`${s().meta.sourceFile} (${s().meta.sourceFormat})`}>
          {s().meta.sourceFile}
        </td>
        <td class="actions">
          <div class="action-group">
            <a class="button primary" href={routeHref('analysis', { session: s().id })} aria-label={`Analyse the session of ${carLabel(s())} from ${s().meta.sourceFile}`}>
              Analyse
            </a>
            <span class="export-label" aria-hidden="true">
              Export
            </span>
            <ExportButton session={s()} format="csv" label="CSV" onExport={props.onExport} />
            <ExportButton session={s()} format="parquet" label="Parquet" onExport={props.onExport} />
            <button
              type="button"
              class="button danger"
              classList={{ confirming: confirming() }}
              disabled={deleting()}
              aria-label={confirming() ? `Confirm deleting the session from ${s().meta.sourceFile}` : `Delete the session from ${s().meta.sourceFile}`}
              onClick={() => void onDeleteClick()}
            >
              {confirming() ? 'Confirm' : 'Delete'}
            </button>
          </div>
        </td>
      </tr>
      <Show when={expanded()}>
        <tr class="channels-row" id={channelsId()}>
          <td colSpan={9}>
            <ChannelList channels={s().channels} />
          </td>
        </tr>
      </Show>
    </>
  );
};

export const SessionsTable: Component<{ sessions: SessionSummary[] } & SessionActions> = (props) => (
  <div class="table-scroll">
    <table class="sessions-table" aria-label="Stored sessions">
      <thead>
        <tr>
          <th scope="col">Driver</th>
          <th scope="col">Car</th>
          <th scope="col">Track</th>
          <th scope="col">Date</th>
          <th scope="col" class="num">Duration</th>
          <th scope="col">Channels</th>
          <th scope="col" class="num">Laps</th>
          <th scope="col">Source file</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        <For each={props.sessions}>{(session) => <SessionRow session={session} onDelete={props.onDelete} onExport={props.onExport} />}</For>
      </tbody>
    </table>
  </div>
);
