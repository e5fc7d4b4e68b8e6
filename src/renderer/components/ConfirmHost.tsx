// Renders the pending confirmation. With `typedName` the confirm button stays disabled
// until the name is typed exactly: main checks it again, this is the user-facing half.
import { useState } from 'react';
import { sameTypedName } from '../../shared/text';
import { useConfirm } from '../stores/confirm';
import { Modal } from './Modal';

export function ConfirmHost() {
  const request = useConfirm((s) => s.request);
  if (!request) return null;
  return <ConfirmDialog key={`${request.title}:${request.typedName ?? ''}`} />;
}

function ConfirmDialog() {
  const request = useConfirm((s) => s.request)!;
  const settle = useConfirm((s) => s.settle);
  const [typed, setTyped] = useState('');
  const needsTyping = request.typedName !== undefined;
  const ok = !needsTyping || sameTypedName(typed, request.typedName!);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (ok) settle(needsTyping ? typed : '');
  };

  return (
    <Modal
      title={request.title}
      onClose={() => settle(null)}
      size="sm"
      tone={request.danger ? 'danger' : 'default'}
      testId="confirm-dialog"
      initialFocus={needsTyping ? 'input' : '.button-cancel'}
    >
      <form onSubmit={submit} className="stack">
        <p className="confirm-message">{request.message}</p>
        {request.items && request.items.length > 0 && (
          <ul className="confirm-items" data-testid="confirm-items" aria-label="What this will change">
            {request.items.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
            {(request.more ?? 0) > 0 && <li className="hint">…and {request.more!.toLocaleString()} more</li>}
          </ul>
        )}
        {needsTyping && (
          <label className="field">
            <span>
              Type <strong className="typed-name">{request.typedName}</strong> to confirm
            </span>
            <input
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              aria-describedby="typed-hint"
            />
            <small id="typed-hint" className="hint">
              {request.typedReason ?? 'This is a production profile: the name must match exactly.'}
            </small>
          </label>
        )}
        <div className="button-row">
          <button type="button" className="button button-cancel" onClick={() => settle(null)}>
            Cancel
          </button>
          <button
            type="submit"
            className={`button ${request.danger ? 'button-danger' : 'button-primary'}`}
            disabled={!ok}
          >
            {request.confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
