// Profiles and the session of the current one (environment, acting user, what they may do).
import { create } from 'zustand';
import type { Input, Profile, Session } from '../../shared/ipc/contract';
import { api } from '../api/client';
import { describeError, isApiError } from '../api/errors';
import { resetWorkspace } from './workspace';

interface ProfilesState {
  profiles: Profile[];
  currentId: number | null;
  session: Session | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  load(): Promise<void>;
  refreshList(): Promise<void>;
  switchTo(id: number): Promise<void>;
  create(input: Input<'createProfile'>): Promise<Profile>;
  update(input: Input<'updateProfile'>): Promise<Profile>;
  remove(id: number, confirm: string): Promise<void>;
}

export const useProfiles = create<ProfilesState>()((set, get) => ({
  profiles: [],
  currentId: null,
  session: null,
  status: 'idle',
  error: null,

  async load() {
    set({ status: 'loading', error: null });
    try {
      const { profiles, currentId } = await api.listProfiles();
      set({ profiles, currentId });
      if (currentId === null) {
        set({ session: null, status: 'ready' });
        return;
      }
      const session = await api.getSession();
      set({ session, status: 'ready' });
      await resetWorkspace();
    } catch (e) {
      set({ status: 'error', error: describeError(e) });
    }
  },

  async refreshList() {
    const { profiles, currentId } = await api.listProfiles();
    set({ profiles, currentId });
  },

  async switchTo(id) {
    set({ status: 'loading', error: null });
    try {
      const session = await api.switchProfile({ id });
      set({ session, currentId: id, status: 'ready' });
      await get().refreshList();
      await resetWorkspace();
    } catch (e) {
      // Main keeps the previous profile open and current when the new one cannot be reached.
      set({ status: get().session ? 'ready' : 'error', error: describeError(e) });
      throw e;
    }
  },

  async create(input) {
    const profile = await api.createProfile(input);
    await get().refreshList();
    return profile;
  },

  async update(input) {
    const profile = await api.updateProfile(input);
    await get().refreshList();
    const s = get().session;
    if (s && s.profile.id === profile.id) set({ session: { ...s, profile } });
    return profile;
  },

  async remove(id, confirm) {
    await api.deleteProfile({ id, confirm });
    const wasCurrent = get().currentId === id;
    await get().refreshList();
    if (wasCurrent) {
      try {
        set({ session: get().currentId === null ? null : await api.getSession() });
      } catch (e) {
        if (!isApiError(e)) throw e;
        set({ session: null });
      }
      await resetWorkspace();
    }
  },
}));

export const profilesSelectors = {
  /** The open profile, or null before one is open. */
  profile: (s: ProfilesState): Profile | null => s.session?.profile ?? null,
  profileId: (s: ProfilesState): number | null => s.session?.profile.id ?? null,
  profileName: (s: ProfilesState): string | null => s.session?.profile.name ?? null,
  environment: (s: ProfilesState): Profile['environment'] | null => s.session?.profile.environment ?? null,
  isProduction: (s: ProfilesState): boolean => s.session?.profile.environment === 'production',
  isRemote: (s: ProfilesState): boolean => s.session?.profile.backend === 'remote',
  /** The acting user's id in the open profile. */
  myUserId: (s: ProfilesState): number | null => s.session?.me.id ?? null,
  myOrgUserId: (s: ProfilesState): number | null => s.session?.me.orgUserId ?? null,
  myEmail: (s: ProfilesState): string | null => s.session?.me.email ?? null,
  /** On a remote profile, the id of the key the profile signs in with (null for a local profile). */
  credentialKeyId: (s: ProfilesState): number | null => s.session?.me.key?.id ?? null,
  canImpersonate: (s: ProfilesState): boolean => s.session?.canImpersonate === true,
  isSuperAdmin: (s: ProfilesState): boolean => s.session?.isSuperAdmin === true,
  isLoading: (s: ProfilesState): boolean => s.status === 'loading',
};

/** Whether a destructive action needs the target's name typed (production profiles). */
export const needsTypedConfirmation = (): boolean => profilesSelectors.isProduction(useProfiles.getState());
