// @vitest-environment jsdom
// Rule 18 in the app's forms (docs/rules.md): the form shows the API's own message while
// the person types and will not submit the name; decomposed input is fine, since the
// form sends its NFC form.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CreateOrgDialog } from '../../../src/renderer/features/orgs/CreateOrgDialog';
import { FORBIDDEN_CHARACTERS_MESSAGE, NOT_NFC_MESSAGE } from '../../../src/shared/text';

afterEach(cleanup);

describe('rule 18: names in the app’s forms', () => {
  it('the new-org form shows the shared message and keeps Create disabled for a bad name', () => {
    render(<CreateOrgDialog onClose={() => {}} />);
    const input = screen.getByRole('textbox', { name: 'Name' });
    const create = screen.getByRole('button', { name: 'Create org' }) as HTMLButtonElement;
    for (const bad of ['zero\u200Bwidth', 'invoice\u202Etxt', 'nul\u0000', 'high\uD800']) {
      fireEvent.change(input, { target: { value: bad } });
      expect(screen.getByRole('alert').textContent).toBe(`Name: ${FORBIDDEN_CHARACTERS_MESSAGE}`);
      expect(create.disabled).toBe(true);
    }
    for (const good of ['Café', 'Cafe\u0301', '日本語 🔑']) {
      fireEvent.change(input, { target: { value: good } });
      expect(screen.queryByRole('alert')).toBeNull();
      expect(create.disabled).toBe(false);
    }
    expect(NOT_NFC_MESSAGE).toMatch(/NFC/);
  });
});
