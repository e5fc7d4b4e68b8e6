// One bulk job at a time: started in main, polled every 200 ms. Replacement keys from a
// bulk roll go to the one-time modal once the job stops, and are stripped from this store.
import { create } from 'zustand';
import type { BulkJob, Input, OneTimeKey } from '../../shared/ipc/contract';
import { api } from '../api/client';
import { describeError } from '../api/errors';
import { useKeys } from './keys';
import { useOneTimeKey } from './oneTimeKey';
import { useRotation } from './rotation';

export type BulkAction = Input<'startBulk'>['action'];
const POLL_MS = 200;

interface BulkState {
  job: BulkJob | null;
  error: string | null;
  open: boolean;
  start(input: Input<'startBulk'>): Promise<void>;
  cancel(): Promise<void>;
  dismiss(): void;
}

export const useBulk = create<BulkState>()((set, get) => {
  let timer: ReturnType<typeof setTimeout> | null = null;
  // Keys collected from polls until the job stops, so the one-time modal does not pop over
  // the progress dialog while work is still running.
  let pendingKeys = new Map<string, OneTimeKey>();

  const strip = (job: BulkJob): BulkJob => {
    for (const r of job.results) if (r.newKey) pendingKeys.set(r.newKey.handle, r.newKey);
    return { ...job, results: job.results.map((r) => (r.newKey ? { ...r, newKey: null } : r)) };
  };

  const finish = () => {
    const keys = [...pendingKeys.values()];
    pendingKeys = new Map();
    if (keys.length) useOneTimeKey.getState().show(keys);
    // Every rotation of the run, shown once the new keys are secured and this dialog closed.
    const job0 = get().job;
    if (job0?.action === 'roll')
      useRotation.getState().open(
        job0.results.filter((r) => r.state === 'done').map((r) => ({ oldKeyId: r.keyId, profileId: null })),
        'bulk',
      );
    // What worked leaves the selection; what failed or was cancelled stays selected for a retry.
    const job = get().job;
    if (job) {
      const table = useKeys.getState();
      table.clearSelection();
      table.setSelected(
        job.results.filter((r) => r.state !== 'done').map((r) => r.keyId),
        true,
      );
    }
    void useKeys.getState().reload();
  };

  const poll = async (jobId: string) => {
    timer = null;
    try {
      const job = strip(await api.bulkStatus({ jobId }));
      if (get().job?.jobId !== jobId) return;
      set({ job });
      if (job.running) timer = setTimeout(() => void poll(jobId), POLL_MS);
      else finish();
    } catch (e) {
      set({ error: describeError(e) });
      finish();
    }
  };

  return {
    job: null,
    error: null,
    open: false,

    async start(input) {
      if (timer) clearTimeout(timer);
      pendingKeys = new Map();
      set({ job: null, error: null, open: true });
      try {
        const job = strip(await api.startBulk(input));
        set({ job });
        if (job.running) timer = setTimeout(() => void poll(job.jobId), POLL_MS);
        else finish();
      } catch (e) {
        set({ error: describeError(e) });
      }
    },

    async cancel() {
      const job = get().job;
      if (!job || !job.running) return;
      try {
        set({ job: strip(await api.cancelBulk({ jobId: job.jobId })) });
      } catch (e) {
        set({ error: describeError(e) });
      }
    },

    dismiss() {
      if (get().job?.running) return;
      set({ open: false, job: null, error: null });
    },
  };
});

export const bulkSelectors = {
  isRunning: (s: BulkState): boolean => s.job?.running === true,
};
