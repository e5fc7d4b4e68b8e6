// "Verify" for a local profile's audit log: walks the hash chain in main and says whether
// every entry is as written, or names the first that is not (docs/usage-and-rotation.md).
import { useState } from 'react';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';

type Verdict = Awaited<ReturnType<typeof api.verifyAudit>>;

export function VerifyChain() {
  const [busy, setBusy] = useState(false);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setVerdict(await api.verifyAudit());
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="button" aria-disabled={busy} onClick={() => !busy && void run()}>
        {busy ? 'Verifying…' : 'Verify'}
      </button>
      <span role="status" className="verify-result" data-testid="audit-verify-result">
        {error
          ? `Could not verify: ${error}`
          : verdict === null
            ? ''
            : verdict.ok
              ? `Chain intact: ${verdict.entries.toLocaleString()} entries. Per-call events are kept ${verdict.retentionDays} days.`
              : `Entry ${verdict.id} ${verdict.problem}.`}
      </span>
    </>
  );
}
