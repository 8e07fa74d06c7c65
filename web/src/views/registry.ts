// The app's views. A feature (track map, lap compare) becomes a view by adding an entry here;
// the header shows one tab per view and the hash (#/sessions) selects it.

import type { Component } from 'solid-js';
import { AnalysisView } from './AnalysisView.tsx';
import { EnergyView } from './EnergyView.tsx';
import { LiveView } from './LiveView.tsx';
import { SessionsView } from './SessionsView.tsx';

export interface ViewDef {
  /** The hash path segment: #/<id>. */
  id: string;
  title: string;
  component: Component;
}

export const VIEWS: ViewDef[] = [
  { id: 'sessions', title: 'Sessions', component: SessionsView },
  { id: 'analysis', title: 'Analysis', component: AnalysisView },
  { id: 'energy', title: 'Energy', component: EnergyView },
  { id: 'live', title: 'Live', component: LiveView },
];

export const DEFAULT_VIEW_ID = 'sessions';
