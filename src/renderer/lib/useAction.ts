// Forms show a failed request as a sentence next to the form, not as a toast, so the user
// can fix the input and try again. `busy` keeps a second submit out while one is pending.
import { useCallback, useState } from 'react';
import { describeError } from '../api/errors';

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Never rejects: the failure is in `error`. Busy also clears on success; the forms that
  // close on success unmount in the same render, so their button never flashes enabled.
  const run = useCallback(async (action: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }, []);

  return { busy, error, setError, run };
}
