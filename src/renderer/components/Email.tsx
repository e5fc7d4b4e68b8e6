// An email address that a narrow cell wraps after its "@" or a dot, rather than mid-word
// ("owner@keywa|rden.local"); a single part too long for the cell still breaks anywhere.
import { Fragment } from 'react';

export function Email({ address }: { address: string }) {
  const parts = address.split(/(?<=[@.])/);
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {p}
        </Fragment>
      ))}
    </>
  );
}
