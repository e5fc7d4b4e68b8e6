// Bulk work across profiles: the selected keys are grouped by profile and each group runs
// on the bulk runner against that profile's backend, with a result per key. Production
// profiles need their names typed (checked here, in main, not in the renderer).
import { randomUUID } from 'node:crypto';
import { KeywardenError, isKeywardenError } from '../../../shared/errors';
import type { CreatedKey } from '../../../shared/domain';
import type { EstateBulkInput } from '../../../shared/estate';
import type { OneTimeKey } from '../../../shared/ipc/contract';
import type { StoredProfile } from '../appStore';
import { BulkRunner, type RevealKey, type RunnerJob } from '../bulk';
import type { EstateService } from './service';

export interface EstateBulkResult {
  profileId: number;
  profileName: string;
  keyId: number;
  state: 'pending' | 'done' | 'failed' | 'cancelled';
  code: string | null;
  message: string | null;
  newKey: OneTimeKey | null;
}

export interface EstateBulkJob {
  jobId: string;
  action: EstateBulkInput['action'];
  total: number;
  finished: number;
  running: boolean;
  results: EstateBulkResult[];
}

interface Part {
  profile: StoredProfile;
  /** The runner's job, or the failure that kept the profile from starting one. */
  jobId: string | null;
  keyIds: number[];
  error: KeywardenError | null;
}

const KEEP_JOBS = 20;

export class EstateBulk {
  private readonly runner: BulkRunner;
  private readonly jobs = new Map<string, { action: EstateBulkInput['action']; parts: Part[]; settled: boolean }>();

  constructor(
    private readonly estate: EstateService,
    /** Holds a rolled key's replacement as a one-time key (by handle), as the keys view does. */
    private readonly oneTime: (
      profile: StoredProfile,
      k: CreatedKey,
      replacesKeyId: number,
    ) => OneTimeKey | Promise<OneTimeKey>,
    /** Looks a held new key up by handle, so a roll's result shows it once (see BulkRunner). */
    reveal: RevealKey,
  ) {
    // A runner of its own: its setExpiry jobs never reach the IPC's bulkStatus.
    this.runner = new BulkRunner(reveal);
  }

  async start(input: EstateBulkInput): Promise<EstateBulkJob> {
    const byProfile = new Map<number, number[]>();
    for (const item of input.items) {
      const list = byProfile.get(item.profileId) ?? [];
      list.push(item.keyId);
      byProfile.set(item.profileId, list);
    }
    const profiles = new Map(this.estate.profiles().map((p) => [p.id, p]));
    const missing = [...byProfile.keys()].filter((id) => !profiles.has(id));
    if (missing.length) throw new KeywardenError('NOT_FOUND', `no profile ${missing.join(', ')}`);
    const typed = new Set(input.confirm ?? []);
    const unconfirmed = [...byProfile.keys()]
      .map((id) => profiles.get(id)!)
      .filter((p) => p.environment === 'production' && !typed.has(p.name));
    if (unconfirmed.length)
      throw new KeywardenError(
        'BAD_REQUEST',
        `production keys are selected: type the name of each production profile to confirm (${unconfirmed.map((p) => `"${p.name}"`).join(', ')})`,
      );
    if (input.action === 'setExpiry' && input.expiresAt === undefined)
      throw new KeywardenError('BAD_REQUEST', 'expiresAt: give the new expiry, or null to clear it');

    const parts: Part[] = await Promise.all(
      [...byProfile].map(async ([id, keyIds]) => {
        const profile = profiles.get(id)!;
        try {
          const backend = await this.estate.backendOf(profile);
          const job = this.runner.start(backend, input.action, keyIds, {
            gracePeriodSeconds: input.gracePeriodSeconds,
            expiresAt: input.expiresAt,
            rolled: (oldId, k) => this.oneTime(profile, k, oldId),
          });
          return { profile, jobId: job.jobId, keyIds, error: null };
        } catch (e) {
          const error = isKeywardenError(e) ? e : new KeywardenError('INTERNAL', 'could not open the profile');
          return { profile, jobId: null, keyIds, error };
        }
      }),
    );
    const jobId = randomUUID();
    this.jobs.set(jobId, { action: input.action, parts, settled: false });
    for (const id of [...this.jobs.keys()].slice(0, Math.max(0, this.jobs.size - KEEP_JOBS))) this.jobs.delete(id);
    return this.status(jobId);
  }

  status(jobId: string): EstateBulkJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new KeywardenError('NOT_FOUND', `no estate bulk job ${jobId}`);
    const results: EstateBulkResult[] = [];
    let running = false;
    for (const part of job.parts) {
      const base = { profileId: part.profile.id, profileName: part.profile.name };
      if (part.jobId === null) {
        for (const keyId of part.keyIds)
          results.push({
            ...base,
            keyId,
            state: 'failed',
            code: part.error!.code,
            message: part.error!.message,
            newKey: null,
          });
        continue;
      }
      const view: RunnerJob = this.runner.status(part.jobId);
      running ||= view.running;
      for (const r of view.results) results.push({ ...base, ...r });
    }
    // Once everything ended, what the estate shows is out of date.
    if (!running && !job.settled) {
      job.settled = true;
      this.estate.markStale();
    }
    return {
      jobId,
      action: job.action,
      total: results.length,
      finished: results.filter((r) => r.state !== 'pending').length,
      running,
      results,
    };
  }

  /** Waits for a job to end (tests). */
  async settle(jobId: string): Promise<EstateBulkJob> {
    for (;;) {
      const s = this.status(jobId);
      if (!s.running) return s;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
