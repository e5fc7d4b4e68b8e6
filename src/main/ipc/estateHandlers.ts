// The estate's operations (docs/estate.md), in terms of the estate services.
import type { EstateBulk } from '../services/estate/bulk';
import type { NotificationScheduler } from '../services/estate/notifications';
import type { Offboarding } from '../services/estate/offboard';
import type { EstateService } from '../services/estate/service';
import type { Handlers } from './dispatcher';

export interface EstateDeps {
  service: EstateService;
  bulk: EstateBulk;
  offboarding: Offboarding;
  notifications: NotificationScheduler;
}

type EstateOps =
  | 'estateOverview'
  | 'estateKeys'
  | 'estateExportCsv'
  | 'estateBulk'
  | 'estateBulkStatus'
  | 'offboardPreview'
  | 'offboardRun'
  | 'notificationSettings'
  | 'setNotificationSettings'
  | 'markNotificationsSeen'
  | 'takeOpenRequest';

export function estateHandlers(e: EstateDeps): Pick<Handlers, EstateOps> {
  return {
    estateOverview: async ({ refresh }) => ({
      ...(await e.service.overview({ refresh })),
      notificationCount: e.notifications.unseenCount(),
    }),
    estateKeys: (q) => e.service.query(q),
    estateExportCsv: (q) => e.service.csv(q),
    estateBulk: (input) => e.bulk.start(input),
    estateBulkStatus: ({ jobId }) => e.bulk.status(jobId),
    offboardPreview: ({ email }) => e.offboarding.preview(email),
    offboardRun: ({ email, confirm }) => e.offboarding.run(email, confirm),
    notificationSettings: () => e.notifications.settings(),
    setNotificationSettings: (s) => e.notifications.setSettings(s),
    markNotificationsSeen: () => {
      e.notifications.markSeen();
      return null;
    },
    takeOpenRequest: () => e.notifications.takeOpenRequest(),
  };
}

/** Operations that only read: everything else may have changed what the estate shows. */
const READS =
  /^(list|get|check|test|copy|forget|estate|offboardPreview|notificationSettings|markNotifications|take|bulkStatus|keyFindings|getSession|previewPolicy)/;

/** Marks the estate stale after every operation that may have changed keys, members or profiles. */
export function markingChanges(handlers: Handlers, estate: EstateService): Handlers {
  const out = { ...handlers } as Record<string, (input: unknown) => unknown>;
  for (const [name, fn] of Object.entries(handlers) as [string, (input: unknown) => unknown][]) {
    if (READS.test(name) && name !== 'estateBulk') continue;
    out[name] = async (input: unknown) => {
      try {
        return await fn(input);
      } finally {
        estate.markStale();
      }
    };
  }
  return out as Handlers;
}
