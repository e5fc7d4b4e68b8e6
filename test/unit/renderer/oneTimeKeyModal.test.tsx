// @vitest-environment jsdom
// The one-time modal against the real main-process services: it shows the key only when
// revealed, copies through main by handle, warns before losing an unsaved key, and on
// close wipes the key from the store and the DOM and makes main forget the handle.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api } from '../../../src/renderer/api/client';
import { OneTimeKeyModal } from '../../../src/renderer/features/oneTimeKey/OneTimeKeyModal';
import { oneTimeKeySelectors, useOneTimeKey } from '../../../src/renderer/stores/oneTimeKey';
import type { TestApp } from '../../support/mainServices';
import { installRealBridge, removeBridge } from './support/realBridge';

let app: TestApp;
beforeEach(async () => {
  app = await installRealBridge();
});
afterEach(async () => {
  cleanup();
  await useOneTimeKey.getState().close();
  removeBridge();
  await app.close();
});

async function newKey(name: string) {
  const orgs = await api.listOrgs();
  const members = await api.listMembers({ orgId: orgs[0].id });
  const ada = members.find((m) => m.user.email === 'ada@acme.example')!;
  return api.createKey({ orgUserId: ada.id, name });
}

const flush = () =>
  act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });

describe('OneTimeKeyModal', () => {
  it('is masked until revealed, copies by handle, and leaves no trace once closed', async () => {
    const created = await newKey('modal test');
    render(<OneTimeKeyModal />);
    act(() => useOneTimeKey.getState().show([created]));

    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).not.toContain(created.apiKey);
    expect(screen.getByTestId('secret-value').textContent).toMatch(/^kw_test_[0-9A-Za-z]{4}•+$/);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Reveal' }));

    fireEvent.click(screen.getByRole('button', { name: 'Reveal' }));
    expect(screen.getByTestId('secret-value').textContent).toBe(created.apiKey);

    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await flush();
    expect(app.clipboard.readText()).toBe(created.apiKey);
    expect(oneTimeKeySelectors.unsecured(useOneTimeKey.getState())).toHaveLength(0);

    // Copied, so Done closes straight away.
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await flush();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.body.innerHTML).not.toContain(created.apiKey);
    expect(useOneTimeKey.getState().entries).toEqual([]);
    expect(JSON.stringify(useOneTimeKey.getState())).not.toContain(created.apiKey.slice(12));

    // Main forgot the handle: the key cannot be copied or exported any more.
    await expect(api.copySecret({ handle: created.handle })).rejects.toMatchObject({
      name: 'ApiError',
      code: 'NOT_FOUND',
    });
  });

  it('warns before closing an unsaved key; Esc and Go back keep it; Close without saving wipes it', async () => {
    const created = await newKey('unsaved');
    render(<OneTimeKeyModal />);
    act(() => useOneTimeKey.getState().show([created]));

    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(useOneTimeKey.getState().confirmingClose).toBe(true);
    expect(screen.getByText(/not been copied or saved/)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Go back' }));

    // Esc on the warning goes back, it never closes.
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(useOneTimeKey.getState().confirmingClose).toBe(false);
    expect(useOneTimeKey.getState().entries).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    fireEvent.click(screen.getByRole('button', { name: 'Close without saving' }));
    await flush();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(useOneTimeKey.getState().entries).toEqual([]);
    await expect(api.exportKey({ handle: created.handle })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps Tab inside the dialog', async () => {
    const created = await newKey('tab');
    render(
      <>
        <button type="button">outside</button>
        <OneTimeKeyModal />
      </>,
    );
    act(() => useOneTimeKey.getState().show([created]));
    const dialog = screen.getByRole('dialog');
    const done = screen.getByRole('button', { name: 'Done' });
    done.focus();
    fireEvent.keyDown(done, { key: 'Tab' });
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement).not.toBe(done);
    // Focus that escapes (a click outside) is pulled back in.
    act(() => screen.getByRole('button', { name: 'outside' }).focus());
    expect(dialog.contains(document.activeElement)).toBe(true);
  });
});
