// A sortable column header: a button (44 px touch target) showing the column, its unit and the sort
// direction; aria-sort tells assistive technology which column sorts the table.

import { Show, type Component } from 'solid-js';
import type { SortState } from '../../analysis/sort-rows.ts';

export const SortHeader: Component<{
  column: string;
  label: string;
  unit?: string;
  sort: SortState<string> | null;
  onSort: (column: string) => void;
  numeric?: boolean;
}> = (props) => {
  const active = () => props.sort?.key === props.column;
  return (
    <th scope="col" class={props.numeric ? 'num' : undefined} aria-sort={active() ? (props.sort?.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" class="sort-button" onClick={() => props.onSort(props.column)}>
        <span class="sort-text">
          <span class="sort-label">{props.label}</span>
          <Show when={props.unit}>
            <span class="unit">{props.unit}</span>
          </Show>
        </span>
        <span class="sort-arrow" aria-hidden="true">
          {active() ? (props.sort?.direction === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
};
