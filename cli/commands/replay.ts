// etm replay <session-id...> --mqtt URL | --kafka BROKERS [--speed X] [--db PATH]: publishes stored
// sessions as live telemetry frames (one per logger sample time, channels merged with their previous
// values carried) at real time × speed, so the live view can be shown with the demo session.

import { parseBrokers } from '../../edge-server/live/kafka/kafka-topics.ts';
import { SESSION_ID_PATTERN } from '../../edge-server/live/frames/live-frame.ts';
import { planReplay, type ReplayInput } from '../../edge-server/live/replay/replay-plan.ts';
import { kafkaReplaySink, mqttReplaySink, type ReplayFormat, type ReplaySink } from '../../edge-server/live/replay/replay-sink.ts';
import { runReplay } from '../../edge-server/live/replay/run-replay.ts';
import { DB_OPTION, JSON_OPTION, parseCommandArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { openStore } from '../open-store.ts';
import { stderrProgress } from '../progress.ts';

export async function runReplayCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      ...DB_OPTION,
      ...JSON_OPTION,
      mqtt: { type: 'string' },
      kafka: { type: 'string' },
      speed: { type: 'string' },
      topic: { type: 'string' },
      format: { type: 'string' },
      session: { type: 'string' },
      duration: { type: 'string' },
    },
    'replay',
  );
  if (positionals.length === 0) throw new CliError('name the session(s) to replay: etm replay <session-id...> --mqtt URL | --kafka BROKERS');
  if (!values.mqtt === !values.kafka) throw new CliError('give exactly one of --mqtt URL or --kafka BROKERS');
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 1000) throw new CliError(`--speed must be a number above 0 and at most 1000, not '${values.speed}'`);
  const format = (values.format ?? 'json') as ReplayFormat;
  if (format !== 'json' && format !== 'binary') throw new CliError(`--format must be json or binary, not '${values.format}'`);
  const durationS = values.duration === undefined ? undefined : Number(values.duration);
  if (durationS !== undefined && !(durationS > 0)) throw new CliError(`--duration must be seconds above 0, not '${values.duration}'`);
  const startTsMs = Date.now() + 500;
  const sessionId = values.session ?? `replay-${new Date(startTsMs).toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
  if (!SESSION_ID_PATTERN.test(sessionId)) throw new CliError(`--session must match ${SESSION_ID_PATTERN}`);

  const inputs: ReplayInput[] = [];
  const store = await openStore(values.db);
  try {
    for (const id of positionals) {
      if (!(await store.get(id))) throw new CliError(`no session '${id}' in the store (see etm sessions)`, 1);
      inputs.push({ id, session: await store.load(id) });
    }
  } finally {
    await store.driver.close();
  }
  const plan = planReplay(inputs, { startTsMs, sessionId, durationS });
  if (plan.count === 0) throw new CliError('the session has no samples to replay', 1);

  let sink: ReplaySink;
  if (values.mqtt) sink = await mqttReplaySink(values.mqtt, { topic: values.topic, format });
  else {
    const brokers = parseBrokers(values.kafka!);
    if (brokers.length === 0) throw new CliError('--kafka needs host:port[,host:port…]');
    sink = await kafkaReplaySink(brokers, { topic: values.topic, format });
  }
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.stderr.write(
    `replaying ${plan.count} frames of ${plan.cars.length} car(s) (${plan.cars.join(', ')}) over ${(plan.spanS / speed).toFixed(1)} s to ${sink.target} as session ${sessionId}…\n`,
  );
  const progress = stderrProgress();
  try {
    const r = await runReplay(plan, sink, { speed, signal: abort.signal, onProgress: (done, total) => progress.update('replay', done, total, 'items') });
    progress.done();
    const summary = {
      sessionId,
      cars: plan.cars,
      frames: r.frames,
      spanS: Math.round(plan.spanS * 1000) / 1000,
      speed,
      wallS: Math.round(r.wallS * 1000) / 1000,
      framesPerS: Math.round(r.frames / Math.max(r.wallS, 1e-3)),
      maxLagMs: Math.round(r.maxLagMs * 10) / 10,
      target: sink.target,
      format,
      aborted: r.aborted,
    };
    process.stdout.write(
      values.json ? `${JSON.stringify(summary, null, 2)}\n` : `replayed ${r.frames} frames of ${plan.cars.length} car(s) in ${summary.wallS} s (${summary.framesPerS} frames/s) as session ${sessionId}${r.aborted ? ' (interrupted)' : ''}\n`,
    );
    return r.aborted ? 130 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    await sink.close();
  }
}
