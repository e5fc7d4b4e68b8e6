// Bulk work on many keys with bounded concurrency, cancel, and a result per key. One
// failure never hides the others: every key ends done, failed (with its code) or cancelled.
// A roll's new key is kept here by handle only: the raw key lives in OneTimeSecrets, which
// lets go of it when its dialog closes, the profile changes or its time is up, so a job
// kept for its results never keeps a key alive.
import { randomUUID } from 'node:crypto';
import { isKeywardenError, KeywardenError } from '../../shared/errors';
import type { BulkJob, OneTimeKey } from '../../shared/ipc/contract';
import type { Backend } from '../backend/types';

/** The IPC's bulk actions, plus setExpiry which only the estate's own runner is given. */
export type BulkAction = BulkJob['action'] | 'setExpiry';
export type RunnerJob = Omit<BulkJob, 'action'> & { action: BulkAction };
type Result = BulkJob['results'][number];

const BULK_CONCURRENCY = 4;
const KEEP_FINISHED_JOBS = 20;

/** Looks a held key up by handle; null once it is forgotten or expired. */
export type RevealKey = (handle: string) => string | null;

type Minted = Omit<OneTimeKey, 'apiKey'>;

interface Job {
  id: string;
  action: BulkAction;
  results: (Omit<Result, 'newKey'> & { minted: Minted | null; delivered: boolean })[];
  finished: number;
  running: boolean;
  cancelled: boolean;
}

export class BulkRunner {
  private readonly jobs = new Map<string, Job>();

  /** Without `reveal` (engine-level tests), results carry no raw key at all. */
  constructor(private readonly reveal: RevealKey = () => null) {}

  /** `rolled` turns a roll's new key into a one-time key (held by handle) for the results list. */
  start(
    backend: Backend,
    action: BulkAction,
    keyIds: number[],
    opts: {
      gracePeriodSeconds?: number;
      /** For setExpiry: the new expiry, or null to clear it. */
      expiresAt?: string | null;
      rolled: (oldId: number, k: Awaited<ReturnType<Backend['rollKey']>>) => OneTimeKey | Promise<OneTimeKey>;
    },
  ): RunnerJob {
    const unique = [...new Set(keyIds)];
    const job: Job = {
      id: randomUUID(),
      action,
      finished: 0,
      running: true,
      cancelled: false,
      results: unique.map((keyId) => ({
        keyId,
        state: 'pending',
        code: null,
        message: null,
        minted: null,
        delivered: false,
      })),
    };
    this.jobs.set(job.id, job);
    this.prune();
    void this.run(job, backend, opts);
    return this.view(job);
  }

  private async run(job: Job, backend: Backend, opts: Parameters<BulkRunner['start']>[3]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < job.results.length) {
        const r = job.results[next++];
        if (job.cancelled) {
          r.state = 'cancelled';
          job.finished++;
          continue;
        }
        try {
          if (job.action === 'disable') await backend.updateKey(r.keyId, { status: 'disabled' });
          else if (job.action === 'enable') await backend.updateKey(r.keyId, { status: 'enabled' });
          else if (job.action === 'delete') await backend.deleteKey(r.keyId);
          else if (job.action === 'setExpiry') {
            if (opts.expiresAt === undefined) throw new KeywardenError('BAD_REQUEST', 'setExpiry needs expiresAt');
            await backend.updateKey(r.keyId, { expiresAt: opts.expiresAt });
          } else
            r.minted = handleOnly(
              await opts.rolled(
                r.keyId,
                await backend.rollKey(r.keyId, { gracePeriodSeconds: opts.gracePeriodSeconds ?? 0 }),
              ),
            );
          r.state = 'done';
        } catch (e) {
          r.state = 'failed';
          r.code = isKeywardenError(e) ? e.code : 'INTERNAL';
          r.message = isKeywardenError(e) ? e.message : 'unexpected error';
        }
        job.finished++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, job.results.length) }, worker));
    job.running = false;
  }

  status(jobId: string): RunnerJob {
    return this.view(this.job(jobId));
  }

  cancel(jobId: string): RunnerJob {
    const job = this.job(jobId);
    if (job.running) job.cancelled = true;
    return this.view(job);
  }

  /** Waits for a job to end (tests, and quitting cleanly). In-process only: shows every new key again. */
  async settle(jobId: string): Promise<RunnerJob> {
    const job = this.job(jobId);
    while (job.running) await new Promise((r) => setTimeout(r, 10));
    return this.view(job, false);
  }

  private job(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new KeywardenError('NOT_FOUND', `no bulk job ${jobId}`);
    return job;
  }

  /**
   * A rolled key's raw value crosses IPC in exactly one status reply: the first after it
   * was minted, and only while it is still held. Later polls carry the result without it.
   */
  private view(job: Job, deliver = true): RunnerJob {
    const results = job.results.map(({ delivered, minted, ...r }): Result => {
      const apiKey = minted && (!deliver || !delivered) ? this.reveal(minted.handle) : null;
      return { ...r, newKey: minted && apiKey !== null ? { ...minted, apiKey } : null };
    });
    if (deliver) for (const r of job.results) if (r.minted) r.delivered = true;
    return {
      jobId: job.id,
      action: job.action,
      total: job.results.length,
      finished: job.finished,
      running: job.running,
      cancelled: job.cancelled,
      results,
    };
  }

  private prune(): void {
    const done = [...this.jobs.values()].filter((j) => !j.running);
    for (const j of done.slice(0, Math.max(0, done.length - KEEP_FINISHED_JOBS))) this.jobs.delete(j.id);
  }
}

function handleOnly({ key, handle, savedTo }: OneTimeKey): Minted {
  return { key, handle, ...(savedTo ? { savedTo } : {}) };
}
