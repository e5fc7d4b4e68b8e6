// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmHost } from '../../../src/renderer/components/ConfirmHost';
import { askConfirm } from '../../../src/renderer/stores/confirm';

afterEach(cleanup);

describe('typed confirmation', () => {
  it('stays disabled until the exact name is typed, then resolves with it', async () => {
    render(<ConfirmHost />);
    let answer: Promise<string | null> = Promise.resolve(null);
    act(() => {
      answer = askConfirm({
        title: 'Delete key “CI deploy”?',
        message: 'm',
        confirmLabel: 'Delete key',
        typedName: 'CI deploy',
      });
    });
    const button = screen.getByRole('button', { name: 'Delete key' }) as HTMLButtonElement;
    const input = screen.getByRole('textbox');
    expect(document.activeElement).toBe(input);
    expect(button.disabled).toBe(true);
    fireEvent.change(input, { target: { value: 'ci deploy' } });
    expect(button.disabled).toBe(true);
    fireEvent.change(input, { target: { value: 'CI deploy ' } });
    expect(button.disabled).toBe(true);
    fireEvent.change(input, { target: { value: 'CI deploy' } });
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    await expect(answer).resolves.toBe('CI deploy');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('Esc cancels with null, and focus goes back where it was', async () => {
    render(
      <>
        <button type="button">before</button>
        <ConfirmHost />
      </>,
    );
    const before = screen.getByRole('button', { name: 'before' });
    before.focus();
    let answer: Promise<string | null> = Promise.resolve('x');
    act(() => {
      answer = askConfirm({ title: 'Remove?', message: 'm', confirmLabel: 'Remove' });
    });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    act(() => {
      fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    });
    await expect(answer).resolves.toBeNull();
    expect(document.activeElement).toBe(before);
  });
});
