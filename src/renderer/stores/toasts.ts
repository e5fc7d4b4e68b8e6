// Short-lived notices, announced through an aria-live region.
import { create } from 'zustand';
import { describeError } from '../api/errors';

export interface Toast {
  id: number;
  kind: 'ok' | 'error';
  text: string;
}

interface ToastsState {
  toasts: Toast[];
  push(kind: Toast['kind'], text: string): void;
  dismiss(id: number): void;
}

const LIFETIME_MS = 6000;

export const useToasts = create<ToastsState>()((set, get) => {
  let nextId = 1;
  return {
    toasts: [],
    push(kind, text) {
      const id = nextId++;
      set({ toasts: [...get().toasts.slice(-4), { id, kind, text }] });
      setTimeout(() => get().dismiss(id), kind === 'error' ? LIFETIME_MS * 2 : LIFETIME_MS);
    },
    dismiss(id) {
      set({ toasts: get().toasts.filter((t) => t.id !== id) });
    },
  };
});

export const notify = (text: string): void => useToasts.getState().push('ok', text);
export const notifyError = (e: unknown): void => useToasts.getState().push('error', describeError(e));
