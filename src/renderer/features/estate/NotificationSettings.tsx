// The notifications setting (docs/estate.md): on or off, and which days before expiry
// notify. Clicking a notification brings the window forward; this then opens that key's
// profile on its keys (main hands the request out once).
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { useProfiles } from '../../stores/profiles';
import { useUi } from '../../stores/ui';

export function NotificationSettings() {
  const [enabled, setEnabled] = useState(true);
  const [days, setDays] = useState('14, 7, 1');
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    api.notificationSettings().then(
      (s) => {
        setEnabled(s.enabled);
        setDays(s.thresholds.join(', '));
      },
      (e: unknown) => setNote(describeError(e)),
    );
  }, []);

  const save = async () => {
    const thresholds = days
      .split(/[,\s]+/)
      .filter(Boolean)
      .map(Number);
    try {
      const s = await api.setNotificationSettings({ enabled, thresholds });
      setDays(s.thresholds.join(', '));
      setNote('Saved');
    } catch (e) {
      setNote(describeError(e));
    }
  };

  return (
    <details className="notification-settings">
      <summary>Notification settings</summary>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        Notify before keys expire and when a key in grace is still in use
      </label>
      <label className="field field-inline">
        <span>Days before expiry</span>
        <input value={days} onChange={(e) => setDays(e.target.value)} />
      </label>
      <button type="button" className="button button-small" onClick={() => void save()}>
        Save
      </button>
      {note && <span role="status">{note}</span>}
    </details>
  );
}

/** When the window regains focus after a notification was clicked, open that key's profile. */
export function useNotificationClicks(): void {
  useEffect(() => {
    const onFocus = () => {
      api.takeOpenRequest().then(
        async (req) => {
          if (!req) return;
          await useProfiles.getState().switchTo(req.profileId);
          useUi.getState().show('keys');
        },
        () => {},
      );
    };
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, []);
}
