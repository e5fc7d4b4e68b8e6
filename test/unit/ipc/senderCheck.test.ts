import { describe, expect, it } from 'vitest';
import { isTrustedSender, registerIpc, type SenderEvent } from '../../../src/main/ipc/register';
import { OPERATIONS } from '../../../src/shared/ipc/contract';
import { channelOf } from '../../../src/shared/ipc/operations';

const fileUrl = 'file:///opt/Keywarden/resources/app.asar/out/renderer/index.html';
const policy = { windowId: () => 7, rendererUrl: fileUrl };
const event = (over: Partial<{ id: number; url: string; parent: unknown }> = {}): SenderEvent => ({
  sender: { id: over.id ?? 7 },
  senderFrame: { url: over.url ?? fileUrl, parent: over.parent ?? null },
});

describe('IPC sender checks', () => {
  it('trusts only the top frame of our own window showing our own page', () => {
    expect(isTrustedSender(event(), policy)).toBe(true);
    expect(isTrustedSender(event({ url: `${fileUrl}#/keys` }), policy)).toBe(true);
    expect(isTrustedSender(event({ id: 8 }), policy)).toBe(false);
    expect(isTrustedSender(event({ parent: {} }), policy)).toBe(false);
    expect(isTrustedSender(event({ url: 'file:///tmp/evil.html' }), policy)).toBe(false);
    expect(isTrustedSender(event({ url: 'https://attacker.example/' }), policy)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: null }, policy)).toBe(false);
    expect(isTrustedSender(event({ url: 'not a url' }), policy)).toBe(false);
  });

  it('issue 8 item 10: compares the whole origin of app://keywarden (scheme, host and port)', () => {
    const app = { windowId: () => 7, rendererUrl: 'app://keywarden/index.html' };
    expect(isTrustedSender(event({ url: 'app://keywarden/index.html' }), app)).toBe(true);
    expect(isTrustedSender(event({ url: 'app://keywarden/other.html#x' }), app)).toBe(true);
    expect(isTrustedSender(event({ url: 'app://evil/index.html' }), app)).toBe(false);
    expect(isTrustedSender(event({ url: 'app://keywarden:8080/index.html' }), app)).toBe(false);
    expect(isTrustedSender(event({ url: 'app://user@keywarden/index.html' }), app)).toBe(false);
    expect(isTrustedSender(event({ url: 'other://keywarden/index.html' }), app)).toBe(false);
    expect(isTrustedSender(event({ url: 'file:///index.html' }), app)).toBe(false);
  });

  it('issue 8 item 10: a file: URL with another host is not our page', () => {
    expect(isTrustedSender(event({ url: fileUrl.replace('file:///', 'file://attacker.example/') }), policy)).toBe(
      false,
    );
    expect(isTrustedSender(event({ url: fileUrl.replace('file:///', 'file://localhost2/') }), policy)).toBe(false);
  });

  it('compares origins when the renderer comes from the dev server', () => {
    const dev = { windowId: () => 1, rendererUrl: 'http://localhost:5173/' };
    expect(isTrustedSender(event({ id: 1, url: 'http://localhost:5173/index.html' }), dev)).toBe(true);
    expect(isTrustedSender(event({ id: 1, url: 'http://localhost:5174/' }), dev)).toBe(false);
    expect(isTrustedSender(event({ id: 1, url: 'https://localhost:5173/' }), dev)).toBe(false);
  });

  it('registers one channel per operation and refuses untrusted senders before dispatching', async () => {
    const handlers = new Map<string, (e: SenderEvent, p: unknown) => Promise<unknown>>();
    const calls: string[] = [];
    registerIpc(
      { handle: (c, l) => handlers.set(c, l) },
      async (op) => {
        calls.push(op);
        return { ok: true, value: null };
      },
      policy,
    );
    expect([...handlers.keys()].sort()).toEqual(OPERATIONS.map(channelOf).sort());
    const deny = await handlers.get(channelOf('listKeys'))!(event({ id: 99 }), { orgId: 1 });
    expect(deny).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
    await handlers.get(channelOf('listKeys'))!(event(), { orgId: 1 });
    expect(calls).toEqual(['listKeys']);
  });
});
