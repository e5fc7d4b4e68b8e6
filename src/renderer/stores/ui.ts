// Which view the main area shows. Kept apart from the data stores so switching views
// never refetches anything by itself.
import { create } from 'zustand';

export type View = 'keys' | 'members' | 'settings' | 'audit' | 'check' | 'overview' | 'estate' | 'offboard';

interface UiState {
  view: View;
  createKeyOpen: boolean;
  profilesOpen: boolean;
  show(view: View): void;
  openCreateKey(open: boolean): void;
  openProfiles(open: boolean): void;
}

export const useUi = create<UiState>()((set) => ({
  // The Overview is home (docs/estate.md): the app opens on the whole estate, not one org.
  view: 'overview',
  createKeyOpen: false,
  profilesOpen: false,
  show: (view) => set({ view }),
  openCreateKey: (createKeyOpen) => set({ createKeyOpen }),
  openProfiles: (profilesOpen) => set({ profilesOpen }),
}));
