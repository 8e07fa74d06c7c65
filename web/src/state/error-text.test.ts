import { describe, expect, it } from 'vitest';
import { IngestError, toErrorShape } from '../../../workers/ingest/errors.ts';
import { errorMessage, isIngestErrorShape, locationText } from './error-text.ts';

describe('error text for the banner', () => {
  it('names line, column, byte and channel of an import error that crossed a worker boundary', () => {
    const shape = structuredClone(toErrorShape(new IngestError('not-a-number', "'fast' is not a finite number", { file: 'a.csv', line: 6, column: 2, byteOffset: 1234, channel: 'speed' })));
    expect(isIngestErrorShape(shape)).toBe(true);
    if (!isIngestErrorShape(shape)) return;
    expect(locationText(shape)).toBe(`line 6, column 2, byte ${(1234).toLocaleString()}, channel 'speed'`);
  });
  it('has no location when the error has none, and a message for any thrown value', () => {
    const shape = toErrorShape(new IngestError('empty-file', 'the file is empty', { file: 'b.csv' }));
    expect(isIngestErrorShape(shape) && locationText(shape)).toBeUndefined();
    expect(isIngestErrorShape(toErrorShape(new Error('x')))).toBe(false);
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('plain')).toBe('plain');
  });
});
