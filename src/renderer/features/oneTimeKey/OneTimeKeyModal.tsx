// Shows new keys exactly once. The value stays masked until revealed; copy and keychain
// export go through main by handle; closing before either asks first, and closing wipes.
import { useEffect, useRef } from 'react';
import { Modal } from '../../components/Modal';
import { oneTimeKeySelectors, useOneTimeKey, type OneTimeEntry } from '../../stores/oneTimeKey';
import { useExports } from '../../stores/exports';

export function OneTimeKeyModal() {
  const entries = useOneTimeKey((s) => s.entries);
  const confirming = useOneTimeKey((s) => s.confirmingClose);
  const unsecured = useOneTimeKey(oneTimeKeySelectors.unsecuredCount);
  const backRef = useRef<HTMLButtonElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // The warning replaces the content the focus was in; put focus on the safe choice, and
  // back on Done when the user returns.
  useEffect(() => {
    if (confirming) backRef.current?.focus();
    else if (wasConfirming.current) doneRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  if (entries.length === 0) return null;
  const { requestClose, cancelClose, close } = useOneTimeKey.getState();
  const many = entries.length > 1;

  return (
    <Modal
      title={many ? `${entries.length} new keys — shown only once` : 'Your new key — shown only once'}
      onClose={confirming ? cancelClose : requestClose}
      size="lg"
      tone="secret"
      testId="one-time-modal"
      initialFocus={confirming ? '.button-back' : '.reveal-button'}
    >
      {confirming ? (
        <div className="stack" role="alertdialog" aria-label="Unsaved keys">
          <div className="callout callout-danger">
            <strong>{unsecured === 1 ? 'This key has' : `${unsecured} keys have`} not been copied or saved.</strong>{' '}
            Once you close this window
            {unsecured === 1 ? ' it' : ' they'} can never be shown again; you would have to roll the key to get a new
            one.
          </div>
          <div className="button-row">
            <button ref={backRef} type="button" className="button button-primary button-back" onClick={cancelClose}>
              Go back
            </button>
            <button type="button" className="button button-danger" onClick={() => void close()}>
              Close without saving
            </button>
          </div>
        </div>
      ) : (
        <>
          <p className="callout callout-info">
            Copy {many ? 'each key' : 'the key'} now or save {many ? 'them' : 'it'} to the OS keychain. Keywarden stores
            only a digest and cannot show
            {many ? ' these keys' : ' it'} again.
          </p>
          <ul className="one-time-list">
            {entries.map((e) => (
              <OneTimeKeyItem key={e.handle} entry={e} />
            ))}
          </ul>
          <div className="button-row">
            <button
              ref={doneRef}
              type="button"
              className="button button-primary"
              onClick={requestClose}
              data-testid="one-time-done"
            >
              Done
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}

function OneTimeKeyItem({ entry }: { entry: OneTimeEntry }) {
  const { reveal, copy, save } = useOneTimeKey.getState();
  const addExport = useExports((s) => s.add);
  const masked = `${entry.key.start}${'•'.repeat(Math.max(0, entry.apiKey.length - entry.key.start.length))}`;

  return (
    <li className="one-time-item">
      <div className="one-time-meta">
        <strong>{entry.key.name}</strong>
        <span className="hint">
          #{entry.key.id} · {entry.key.scopes.join(', ')}
          {entry.key.readOnly ? ' · read-only' : ''}
        </span>
      </div>
      <div className="secret-row">
        <code
          className={`secret ${entry.revealed ? 'revealed' : 'masked'}`}
          data-testid="secret-value"
          aria-label={entry.revealed ? 'API key' : 'API key, hidden'}
        >
          {entry.revealed ? entry.apiKey : masked}
        </code>
        <button
          type="button"
          className="button button-small reveal-button"
          aria-pressed={entry.revealed}
          onClick={() => reveal(entry.handle, !entry.revealed)}
        >
          {entry.revealed ? 'Hide' : 'Reveal'}
        </button>
        {/* aria-disabled rather than disabled while busy, so keyboard focus stays on the button. */}
        <button
          type="button"
          className="button button-small button-primary"
          aria-disabled={entry.busy !== null}
          onClick={() => entry.busy === null && void copy(entry.handle)}
        >
          {entry.copied ? 'Copy again' : 'Copy'}
        </button>
        <button
          type="button"
          className="button button-small"
          aria-disabled={entry.busy !== null || entry.savedTo !== null}
          onClick={async () => {
            if (entry.busy !== null || entry.savedTo !== null) return;
            const saved = await save(entry.handle);
            if (saved) addExport(saved);
          }}
        >
          {entry.savedTo ? 'Saved to keychain' : 'Save to OS keychain'}
        </button>
      </div>
      <div className="one-time-status" role="status">
        {entry.copied && (
          <span className="ok-text">
            Copied. The clipboard is cleared in {entry.clearsInSeconds ?? 30} s if it still holds the key.
          </span>
        )}
        {entry.savedTo && (
          <span className="ok-text">
            {' '}
            Saved in the keychain as “{entry.savedTo.account}” ({entry.savedTo.service}).
          </span>
        )}
        {entry.error && (
          <span className="error-text" role="alert">
            {entry.error}
          </span>
        )}
      </div>
    </li>
  );
}
