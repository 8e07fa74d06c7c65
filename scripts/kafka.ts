// A single-node Apache Kafka broker (KRaft: broker + controller) for tests and local runs, without
// Docker: the jars come from Maven Central (mvn dependency:copy-dependencies on a generated pom) into
// .tools/kafka/<version>/libs, the data lives in .tools/kafka-data. Loopback only (127.0.0.1:9092,
// controller 9093).
//
//   node --import tsx scripts/kafka.ts ensure    download if needed, start unless already running
//   node --import tsx scripts/kafka.ts start | stop | restart | status | fetch | reset
//
// Environment: ETM_KAFKA_PORT (9092), ETM_KAFKA_CONTROLLER_PORT (9093), ETM_KAFKA_HEAP (512m).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** 4.1.x: inside @platformatic/kafka's supported range (3.5–4.2), and runs on Java 17. */
export const KAFKA_VERSION = '4.1.1';
const LOG4J_VERSION = '2.24.3';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TOOLS = join(ROOT, '.tools');
const HOME = join(TOOLS, 'kafka', KAFKA_VERSION);
const LIBS = join(HOME, 'libs');
const DATA = join(TOOLS, 'kafka-data');
const PID_FILE = join(DATA, 'kafka.pid');
const LOG_FILE = join(DATA, 'kafka.log');

export const KAFKA_PORT = Number(process.env.ETM_KAFKA_PORT ?? 9092);
const CONTROLLER_PORT = Number(process.env.ETM_KAFKA_CONTROLLER_PORT ?? 9093);
export const KAFKA_BROKERS = `127.0.0.1:${KAFKA_PORT}`;

function say(msg: string): void {
  process.stderr.write(`kafka: ${msg}\n`);
}

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>engitorquemap.tools</groupId>
  <artifactId>kafka-broker</artifactId>
  <version>${KAFKA_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>${LOG4J_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>${LOG4J_VERSION}</version></dependency>
  </dependencies>
</project>
`;

const LOG4J2 = `Configuration:
  status: warn
  Appenders:
    Console:
      name: STDOUT
      PatternLayout:
        Pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: warn
      AppenderRef:
        - ref: STDOUT
    Logger:
      - name: kafka.server.KafkaServer
        level: info
      - name: kafka.server.BrokerServer
        level: info
`;

function serverProperties(): string {
  return `# written by scripts/kafka.ts
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${CONTROLLER_PORT}
listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT}
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=${join(DATA, 'logs')}
num.partitions=4
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=24
log.segment.bytes=67108864
`;
}

function downloaded(): boolean {
  return existsSync(LIBS) && readdirSync(LIBS).some((f) => f.startsWith(`kafka_2.13-${KAFKA_VERSION}`));
}

/** Downloads the broker's jars from Maven Central (once; cached in .tools/kafka). */
export function fetchKafka(): void {
  if (downloaded()) return;
  mkdirSync(HOME, { recursive: true });
  writeFileSync(join(HOME, 'pom.xml'), POM);
  say(`downloading Apache Kafka ${KAFKA_VERSION} jars from Maven Central into ${LIBS}…`);
  const r = spawnSync('mvn', ['-q', '-B', '-f', join(HOME, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${LIBS}`, '-DincludeScope=runtime'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.error) throw new Error(`could not run mvn (is Maven installed?): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`mvn dependency:copy-dependencies failed with status ${r.status}`);
  if (!downloaded()) throw new Error(`mvn finished but ${LIBS} has no kafka_2.13-${KAFKA_VERSION} jar`);
}

function classpath(): string {
  return `${LIBS}/*`;
}

/** Writes the configuration and formats the log directory (once). */
function prepare(): string {
  mkdirSync(DATA, { recursive: true });
  const props = join(DATA, 'server.properties');
  writeFileSync(props, serverProperties());
  writeFileSync(join(DATA, 'log4j2.yaml'), LOG4J2);
  if (!existsSync(join(DATA, 'logs', 'meta.properties'))) {
    const uuid = spawnSync('java', ['-cp', classpath(), 'kafka.tools.StorageTool', 'random-uuid'], { encoding: 'utf8' });
    if (uuid.status !== 0) throw new Error(`kafka-storage random-uuid failed: ${uuid.stderr}`);
    const clusterId = uuid.stdout.trim().split('\n').pop()!;
    const fmt = spawnSync('java', ['-cp', classpath(), `-Dlog4j2.configurationFile=${join(DATA, 'log4j2.yaml')}`, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props], {
      encoding: 'utf8',
    });
    if (fmt.status !== 0) throw new Error(`kafka-storage format failed: ${fmt.stderr || fmt.stdout}`);
  }
  return props;
}

function readPid(): number | undefined {
  if (!existsSync(PID_FILE)) return undefined;
  const pid = Number(readFileSync(PID_FILE, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // a recycled pid must still be our broker
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka');
  } catch {
    return true;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      res(true);
    });
    s.on('error', () => res(false));
    s.setTimeout(1000, () => {
      s.destroy();
      res(false);
    });
  });
}

/** Whether our broker process is running (pid file) and its port answers. */
export async function kafkaRunning(): Promise<boolean> {
  const pid = readPid();
  return pid !== undefined && alive(pid) && (await portOpen(KAFKA_PORT));
}

/** Waits until the broker answers a metadata request (the client library is the judge). */
async function waitReady(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await import('../edge-server/live/kafka/node20-shim.ts');
  const { Admin } = await import('@platformatic/kafka');
  let last = 'port closed';
  while (Date.now() < deadline) {
    const pid = readPid();
    if (pid === undefined || !alive(pid)) throw new Error(`the broker exited; see ${LOG_FILE}:\n${tail(LOG_FILE)}`);
    if (await portOpen(KAFKA_PORT)) {
      const admin = new Admin({ clientId: 'etm-kafka-script', bootstrapBrokers: [KAFKA_BROKERS], retries: 0, timeout: 3000 });
      try {
        const md = await admin.metadata({ topics: [] });
        if (md.brokers.size > 0) return;
      } catch (e) {
        last = e instanceof Error ? e.message : String(e);
      } finally {
        await admin.close().catch(() => undefined);
      }
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the broker did not become ready in ${timeoutMs} ms (${last}); see ${LOG_FILE}`);
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

/** Starts the broker in the background (pid file) and waits until it serves requests. */
export async function startKafka(timeoutMs = 90_000): Promise<void> {
  if (await kafkaRunning()) return;
  if (await portOpen(KAFKA_PORT)) throw new Error(`port ${KAFKA_PORT} is taken by another process (not this project's broker)`);
  fetchKafka();
  const props = prepare();
  const out = openSync(LOG_FILE, 'a');
  const child = spawn(
    'java',
    [
      `-Xmx${process.env.ETM_KAFKA_HEAP ?? '512m'}`,
      `-Xms${process.env.ETM_KAFKA_HEAP ?? '512m'}`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${join(DATA, 'log4j2.yaml')}`,
      '-cp',
      classpath(),
      'kafka.Kafka',
      props,
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  writeFileSync(PID_FILE, String(child.pid));
  child.unref();
  say(`started (pid ${child.pid}), waiting for it on ${KAFKA_BROKERS}…`);
  const t0 = Date.now();
  await waitReady(timeoutMs);
  say(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** Stops the broker (SIGTERM, then SIGKILL after timeoutMs) and waits for it to exit. */
export async function stopKafka(timeoutMs = 20_000): Promise<void> {
  const pid = readPid();
  if (pid === undefined || !alive(pid)) {
    rmSync(PID_FILE, { force: true });
    return;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  while (alive(pid)) await new Promise((r) => setTimeout(r, 50));
  rmSync(PID_FILE, { force: true });
}

export async function ensureKafka(): Promise<void> {
  if (await kafkaRunning()) return;
  await startKafka();
}

async function cli(cmd: string | undefined): Promise<number> {
  switch (cmd) {
    case 'fetch':
      fetchKafka();
      return 0;
    case 'ensure':
    case 'start':
      await ensureKafka();
      return 0;
    case 'stop':
      await stopKafka();
      say('stopped');
      return 0;
    case 'restart':
      await stopKafka();
      await startKafka();
      return 0;
    case 'status': {
      const up = await kafkaRunning();
      process.stdout.write(`${up ? `running (pid ${readPid()}) on ${KAFKA_BROKERS}` : 'not running'}\n`);
      return up ? 0 : 1;
    }
    case 'reset':
      await stopKafka();
      rmSync(DATA, { recursive: true, force: true });
      say(`removed ${DATA}`);
      return 0;
    default:
      process.stderr.write('usage: node --import tsx scripts/kafka.ts ensure|start|stop|restart|status|fetch|reset\n');
      return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv[2]).then(
    (code) => process.exit(code),
    (e: unknown) => {
      say(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
}
