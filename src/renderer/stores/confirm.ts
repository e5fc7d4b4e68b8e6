// One confirmation dialog at a time, asked for with a promise so destructive flows read
// top to bottom: `const typed = await askConfirm(...); if (typed === null) return;`.
import { create } from 'zustand';

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  /** When set, the user must type exactly this (the target's name) to confirm. */
  typedName?: string;
  /** Why the name must be typed, under the field (default: the production rule). */
  typedReason?: string;
  /** What the action will touch, first few (bulk actions list what they hit before they run). */
  items?: string[];
  /** How many more beyond `items`. */
  more?: number;
}

interface ConfirmState {
  request: (ConfirmRequest & { resolve: (typed: string | null) => void }) | null;
  ask(req: ConfirmRequest): Promise<string | null>;
  settle(typed: string | null): void;
}

export const useConfirm = create<ConfirmState>()((set, get) => ({
  request: null,
  ask(req) {
    get().request?.resolve(null);
    return new Promise((resolve) => set({ request: { ...req, resolve } }));
  },
  settle(typed) {
    const r = get().request;
    set({ request: null });
    r?.resolve(typed);
  },
}));

export const askConfirm = (req: ConfirmRequest): Promise<string | null> => useConfirm.getState().ask(req);
