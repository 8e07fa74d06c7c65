// The one entry point for importing files: size and emptiness checks before any read, detection
// from content, containers unpacked (nested too) under one zip-bomb budget, .ld + .ldx paired,
// and every returned session checked (≥1 channel with samples, finite values, source set).

import type { Session } from '../model/session.ts';
import { gunzipInput } from './containers/gzip.ts';
import { UnpackBudget } from './containers/unpack-guard.ts';
import { unzipInput } from './containers/zip.ts';
import { detectFormat, type Detection } from './detect.ts';
import { IngestError } from './errors.ts';
import type { FormatImporter, ImportOptions } from './importer.ts';
import { DEFAULT_LIMITS, type IngestLimits, type InputFile } from './input.ts';
import { motecLdImporter, readLd } from './motec/ld.ts';
import { parquetImporter } from './parquet/parquet.ts';
import { vboxImporter } from './vbox/vbo.ts';
import { longCsvImporter } from './csv/long-format.ts';
import { wideCsvImporter } from './csv/wide-format.ts';

/** Every importer, in sniffing priority (binary magic first, then the more specific text formats). */
export const DEFAULT_IMPORTERS: readonly FormatImporter[] = [parquetImporter, motecLdImporter, vboxImporter, longCsvImporter, wideCsvImporter];

/** Containers inside containers deeper than this are refused (a nested-archive bomb). */
const MAX_CONTAINER_DEPTH = 4;

export interface Importer {
  importFile(input: InputFile, options?: ImportOptions): Promise<Session[]>;
  importFiles(inputs: readonly InputFile[], options?: ImportOptions): Promise<Session[]>;
}

interface Job {
  importers: readonly FormatImporter[];
  options: ImportOptions;
  limits: IngestLimits;
  budget: UnpackBudget;
}

function resolveLimits(options: ImportOptions): IngestLimits {
  return { ...DEFAULT_LIMITS, ...options.limits };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

/** Refuses an oversized or empty file before a single byte is read. */
function checkSize(input: InputFile, limits: IngestLimits): void {
  const size = input.blob.size;
  if (size > limits.maxFileBytes) {
    throw new IngestError('too-large', `the file is ${size} bytes (${mib(size)}), over the limit of ${limits.maxFileBytes} bytes (${mib(limits.maxFileBytes)})`, { file: input.name });
  }
  if (size === 0) throw new IngestError('empty-file', 'the file is empty (0 bytes)', { file: input.name });
}

/** 'dir/Run 3.LD' → 'dir/run 3': the key that pairs an .ld with its .ldx. */
function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot > name.lastIndexOf('/') ? name.slice(0, dot) : name).toLowerCase();
}

interface Detected {
  input: InputFile;
  detection: Detection;
}

/** Imports one file of known kind; containers recurse into their members. */
async function importDetected(job: Job, d: Detected, partner: InputFile | undefined, depth: number): Promise<Session[]> {
  const { input, detection } = d;
  switch (detection.kind) {
    case 'importer': {
      const sessions = partner ? [await readLd(input, job.options, partner)] : await detection.importer.read(input, job.options);
      return stampSource(sessions, input.name, detection.importer.id);
    }
    case 'ldx':
      throw new IngestError('no-data', "an .ldx file holds only lap markers: import it together with its .ld (same name)", { file: input.name });
    case 'gzip': {
      if (depth >= MAX_CONTAINER_DEPTH) throw new IngestError('zip-bomb', `containers nested more than ${MAX_CONTAINER_DEPTH} deep`, { file: input.name });
      const inner = await gunzipInput(input, job.budget, job.options);
      const sessions = await importMany(job, [inner], depth + 1, false);
      return restampContainer(sessions, 'gzip', () => input.name);
    }
    case 'zip': {
      if (depth >= MAX_CONTAINER_DEPTH) throw new IngestError('zip-bomb', `containers nested more than ${MAX_CONTAINER_DEPTH} deep`, { file: input.name });
      const members = await unzipInput(input, job.budget, job.options);
      if (members.length === 0) throw new IngestError('no-data', 'the archive holds no files', { file: input.name });
      const sessions = await importMany(job, members, depth + 1, true);
      return restampContainer(sessions, 'zip', (member) => `${input.name}/${member}`);
    }
  }
}

function stampSource(sessions: Session[], file: string, format: string): Session[] {
  for (const s of sessions) {
    s.meta.sourceFile ||= file;
    s.meta.sourceFormat ||= format;
  }
  return sessions;
}

/** Sessions from a container: 'zip:motec-ld' as the format, 'pack.zip/run.ld' (or 'run.csv.gz') as the file. */
function restampContainer(sessions: Session[], kind: 'zip' | 'gzip', fileOf: (member: string) => string): Session[] {
  for (const s of sessions) {
    s.meta.sourceFile = fileOf(s.meta.sourceFile);
    s.meta.sourceFormat = `${kind}:${s.meta.sourceFormat}`;
  }
  return sessions;
}

/** Member errors an archive shrugs off (a README.txt beside the logs), as long as something else imports. */
const SKIPPABLE_IN_ARCHIVE = new Set(['unknown-format', 'empty-file', 'bad-header', 'no-data']);

/**
 * Detects then imports several files, pairing each .ldx with the .ld of the same name. Inside an
 * archive (`lenient`), members that are not telemetry and lone .ldx files are skipped with a warning;
 * when nothing at all imports, the first such error is thrown.
 */
async function importMany(job: Job, inputs: readonly InputFile[], depth: number, lenient: boolean): Promise<Session[]> {
  const detected: Detected[] = [];
  const skipped: string[] = [];
  let firstSkip: IngestError | null = null;
  const skipOrThrow = (input: InputFile, e: unknown): void => {
    if (!(lenient && e instanceof IngestError && SKIPPABLE_IN_ARCHIVE.has(e.code))) throw e;
    firstSkip ??= e;
    skipped.push(`${input.name} (${e.detail})`);
  };
  for (const input of inputs) {
    job.options.signal?.throwIfAborted();
    try {
      checkSize(input, job.limits);
      detected.push({ input, detection: await detectFormat(input, job.importers) });
    } catch (e) {
      skipOrThrow(input, e);
    }
  }
  const lds = new Map<string, Detected>();
  for (const d of detected) if (d.detection.kind === 'importer' && d.detection.importer.id === motecLdImporter.id) lds.set(stem(d.input.name), d);
  const partners = new Map<Detected, InputFile>();
  const paired = new Set<InputFile>();
  for (const d of detected) {
    if (d.detection.kind !== 'ldx') continue;
    const ld = lds.get(stem(d.input.name));
    if (ld) {
      partners.set(ld, d.input);
      paired.add(d.input);
    } else if (lenient) {
      skipped.push(`${d.input.name} (an .ldx without its .ld)`);
    }
  }
  const sessions: Session[] = [];
  for (const d of detected) {
    if (paired.has(d.input) || (lenient && d.detection.kind === 'ldx')) continue;
    try {
      sessions.push(...(await importDetected(job, d, partners.get(d), depth)));
    } catch (e) {
      skipOrThrow(d.input, e);
    }
  }
  if (sessions.length === 0) {
    if (firstSkip) throw firstSkip;
    throw new IngestError('no-data', `nothing importable; skipped: ${skipped.join('; ')}`, { file: inputs.map((i) => i.name).join(', ') });
  }
  if (skipped.length) for (const s of sessions) (s.warnings ??= []).push(...skipped.map((x) => `skipped ${x}`));
  return sessions;
}

/** Drops empty channels and sessions; refuses non-finite samples; every session keeps ≥1 channel with samples. */
export function checkSessions(sessions: Session[], file: string): Session[] {
  const out: Session[] = [];
  for (const s of sessions) {
    s.channels = s.channels.filter((c) => c.values.length > 0 && c.timeS.length === c.values.length);
    for (const c of s.channels) {
      for (let i = 0; i < c.values.length; i++) {
        if (!Number.isFinite(c.values[i]) || !Number.isFinite(c.timeS[i])) {
          const what = Number.isFinite(c.timeS[i]) ? `value ${c.values[i]}` : `time ${c.timeS[i]}`;
          throw new IngestError('non-finite', `sample ${i} has ${what}`, { file: s.meta.sourceFile || file, channel: c.name });
        }
      }
    }
    if (s.channels.length > 0) out.push(s);
  }
  if (out.length === 0) throw new IngestError('no-data', 'no channel with samples was found', { file });
  return out;
}

/** importFile/importFiles over a given importer list (tests pass their own; the app uses DEFAULT_IMPORTERS). */
export function createImporter(importers: readonly FormatImporter[]): Importer {
  const job = (options: ImportOptions): Job => {
    const limits = resolveLimits(options);
    return { importers, options, limits, budget: new UnpackBudget(limits) };
  };
  return {
    async importFile(input, options = {}) {
      options.signal?.throwIfAborted();
      const j = job(options);
      checkSize(input, j.limits);
      return checkSessions(await importMany(j, [input], 0, false), input.name);
    },
    async importFiles(inputs, options = {}) {
      options.signal?.throwIfAborted();
      if (inputs.length === 0) throw new IngestError('no-data', 'no files were given', { file: '' });
      const j = job(options);
      for (const input of inputs) checkSize(input, j.limits);
      return checkSessions(await importMany(j, inputs, 0, false), inputs.map((i) => i.name).join(', '));
    },
  };
}

const defaultImporter = createImporter(DEFAULT_IMPORTERS);

/** Imports one file (any supported format, or a ZIP/gzip of them) into sessions. */
export function importFile(input: InputFile, options?: ImportOptions): Promise<Session[]> {
  return defaultImporter.importFile(input, options);
}

/** Imports files given together; an .ld and its .ldx (same name) become one session with laps. */
export function importFiles(inputs: readonly InputFile[], options?: ImportOptions): Promise<Session[]> {
  return defaultImporter.importFiles(inputs, options);
}
