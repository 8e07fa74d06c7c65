// Messages for the banner: import errors (with file, line, column, byte), duplicates, successes.

import { createSignal, type Accessor } from 'solid-js';

export type NoticeTone = 'error' | 'info' | 'success';

export interface Notice {
  id: number;
  tone: NoticeTone;
  title: string;
  detail?: string;
  /** Where in the file: 'line 12, column 3, byte 480'. */
  location?: string;
}

export interface Notices {
  list: Accessor<Notice[]>;
  push(notice: Omit<Notice, 'id'>, autoDismissMs?: number): number;
  dismiss(id: number): void;
}

/** Successes and infos beyond this many are dropped, oldest first; errors stay until dismissed. */
const MAX_PASSING_NOTICES = 2;

export function createNotices(): Notices {
  const [list, setList] = createSignal<Notice[]>([]);
  let nextId = 1;
  const dismiss = (id: number) => setList((l) => l.filter((n) => n.id !== id));
  return {
    list,
    dismiss,
    push(notice, autoDismissMs) {
      const id = nextId++;
      setList((l) => {
        const next = [...l, { ...notice, id }];
        let passing = next.filter((n) => n.tone !== 'error').length;
        return next.filter((n) => n.tone === 'error' || passing-- <= MAX_PASSING_NOTICES);
      });
      if (autoDismissMs) setTimeout(() => dismiss(id), autoDismissMs);
      return id;
    },
  };
}
