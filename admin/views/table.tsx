import { ScrollRegion } from './scroll-region';

/** A table of rows, in its own scrolling region on a narrow screen; a line saying so when there are none. */
export function Table({
  head,
  rows,
  empty,
  rowKeys,
}: {
  head: string[];
  rows: (string | preact.JSX.Element)[][];
  empty: string;
  /** Keys of the rows when they have actions: a row's state must not pass to another when the list changes. */
  rowKeys?: string[];
}) {
  if (!rows.length) return <p>{empty}</p>;
  return (
    <ScrollRegion label={head.join(', ')}>
      <table>
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={rowKeys?.[i] ?? i}>
              {r.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
