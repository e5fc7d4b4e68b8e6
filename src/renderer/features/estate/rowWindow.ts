// Which rows of a fixed-height list are in view: the estate table's rows are all ROW tall,
// so the window is arithmetic on scrollTop. A general virtualiser re-measures every row
// (120,000 at the estate's size) whenever the row count changes, which every search does.
import { useLayoutEffect, useState, type RefObject } from 'react';

export interface RowWindow {
  /** First and last (inclusive) row index to render; last < first when there are none. */
  first: number;
  last: number;
}

export function useRowWindow(
  scrollRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
): RowWindow {
  const [view, setView] = useState({ top: 0, height: 0 });
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const read = () =>
      setView((v) =>
        v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight },
      );
    read();
    el.addEventListener('scroll', read, { passive: true });
    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(read);
    resize?.observe(el);
    return () => {
      el.removeEventListener('scroll', read);
      resize?.disconnect();
    };
  }, [scrollRef]);
  const first = Math.max(0, Math.floor(view.top / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((view.top + view.height) / rowHeight) - 1 + overscan);
  return { first, last };
}
