// Zip-bomb guard shared by the gzip and ZIP readers: one budget of unpacked bytes for a whole
// import (nested containers included) and a per-member unpacked/packed ratio limit.

import { IngestError } from '../errors.ts';
import type { IngestLimits } from '../input.ts';

/** Below this many unpacked bytes the ratio is not checked (tiny members compress absurdly well). */
export const RATIO_FLOOR_BYTES = 64 * 1024;

export class UnpackBudget {
  private usedBytes = 0;
  constructor(readonly limits: IngestLimits) {}

  get remainingBytes(): number {
    return this.limits.maxUnpackedBytes - this.usedBytes;
  }

  /** Refuse a member whose declared size already exceeds what is left. */
  checkDeclared(file: string, member: string, declaredBytes: number | undefined): void {
    if (declaredBytes !== undefined && declaredBytes > this.remainingBytes) {
      throw this.bomb(file, member, `declares ${declaredBytes} unpacked bytes, over the limit of ${this.limits.maxUnpackedBytes}`);
    }
  }

  /**
   * Account for `bytes` more unpacked bytes of `member`, which so far unpacked `memberBytes` in all
   * from `packedBytes` compressed bytes. Throws 'zip-bomb' naming the member when a limit is passed.
   */
  take(file: string, member: string, bytes: number, memberBytes: number, packedBytes: number): void {
    this.usedBytes += bytes;
    if (this.usedBytes > this.limits.maxUnpackedBytes) {
      throw this.bomb(file, member, `unpacks past the limit of ${this.limits.maxUnpackedBytes} bytes`);
    }
    const ratio = memberBytes / Math.max(1, packedBytes);
    if (memberBytes > RATIO_FLOOR_BYTES && ratio > this.limits.maxCompressionRatio) {
      throw this.bomb(file, member, `unpacks ${Math.round(ratio)}× its packed size (${packedBytes} bytes), over the ratio limit of ${this.limits.maxCompressionRatio}`);
    }
  }

  private bomb(file: string, member: string, detail: string): IngestError {
    return new IngestError('zip-bomb', `member '${member}' ${detail}`, { file });
  }
}
