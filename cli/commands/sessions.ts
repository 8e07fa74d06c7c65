// etm sessions: list the stored sessions.

import { DB_OPTION, JSON_OPTION, parseCommandArgs } from '../args.ts';
import { openStore } from '../open-store.ts';
import { sessionJson, sessionText } from '../session-json.ts';

export async function runSessions(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { ...DB_OPTION, ...JSON_OPTION }, 'sessions');
  const store = await openStore(values.db);
  try {
    const sessions = await store.list();
    if (values.json) process.stdout.write(`${JSON.stringify({ sessions: sessions.map(sessionJson) }, null, 2)}\n`);
    else process.stdout.write(sessions.length === 0 ? 'no sessions stored\n' : `${sessions.map(sessionText).join('\n')}\n`);
  } finally {
    await store.driver.close();
  }
  return 0;
}
