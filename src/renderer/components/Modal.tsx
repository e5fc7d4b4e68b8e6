// An accessible modal: labelled dialog, focus moved in and trapped, Esc closes, focus
// returns where it was. Stacked modals (a confirmation over a dialog) trap only the top one.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

const stack: HTMLElement[] = [];
const isTop = (el: HTMLElement | null) => el !== null && stack[stack.length - 1] === el;

const focusablesIn = (root: HTMLElement): HTMLElement[] =>
  Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.closest('[inert]'));

function trapTab(el: HTMLElement, e: KeyboardEvent): void {
  const items = focusablesIn(el);
  const active = document.activeElement;
  if (items.length === 0) {
    e.preventDefault();
    el.focus();
    return;
  }
  const first = items[0];
  const last = items[items.length - 1];
  const inside = active instanceof Node && el.contains(active) && active !== el;
  if (!inside) {
    e.preventDefault();
    (e.shiftKey ? last : first).focus();
  } else if (e.shiftKey && active === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && active === last) {
    e.preventDefault();
    first.focus();
  }
}

interface ModalProps {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  tone?: 'default' | 'danger' | 'secret';
  /** Selector of the element to focus first; else the first field or button. */
  initialFocus?: string;
  describedBy?: string;
  testId?: string;
}

export function Modal({
  title,
  onClose,
  children,
  footer,
  size = 'md',
  tone = 'default',
  initialFocus,
  describedBy,
  testId,
}: ModalProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const previous = document.activeElement as HTMLElement | null;
    stack.push(el);
    const first =
      (initialFocus && el.querySelector<HTMLElement>(initialFocus)) ||
      focusablesIn(el).find((f) => !f.classList.contains('modal-close')) ||
      el;
    first.focus();

    const onFocusIn = (e: FocusEvent) => {
      if (isTop(el) && e.target instanceof Node && !el.contains(e.target)) (focusablesIn(el)[0] ?? el).focus();
    };
    // On the document, not the dialog: focus can fall to <body> (a clicked button that
    // disables itself), and Esc and Tab must still work then.
    const onKeyDown = (e: KeyboardEvent) => {
      if (!isTop(el) || e.defaultPrevented) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        onCloseRef.current();
      } else if (e.key === 'Tab') {
        trapTab(el, e);
      }
    };
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('keydown', onKeyDown);
      stack.splice(stack.indexOf(el), 1);
      if (previous && document.contains(previous)) previous.focus();
    };
    // Focus is placed once, on open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return createPortal(
    <div className="modal-backdrop">
      <div
        ref={ref}
        className={`modal modal-${size} modal-tone-${tone}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        tabIndex={-1}
        data-testid={testId}
      >
        {/* A div, not <header>: outside sectioning content a header is a second banner landmark. */}
        <div className="modal-header">
          <h2 id={titleId}>{title}</h2>
          <button
            type="button"
            className="icon-button modal-close"
            aria-label="Close"
            onClick={() => onCloseRef.current()}
          >
            ×
          </button>
        </div>
        <div className="modal-body">{children}</div>
        {footer && <div className="modal-footer">{footer}</div>}
      </div>
    </div>,
    document.body,
  );
}
