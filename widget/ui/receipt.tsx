import type { ReceiptRequest, StoredReceipt } from '../../protocol';
import type { Strings } from '../i18n';
import { ReceiptLinks } from './history';

/** After saving: the receipt's id and time, and the receipt as a JSON file to keep. */
export function ReceiptView(p: {
  s: Strings;
  receipt: ReceiptRequest;
  stored?: StoredReceipt & { secret?: string };
  url: (id: string, secret: string) => string;
}) {
  const data = p.stored ?? p.receipt;
  const time = p.stored?.receivedAt ?? p.receipt.signals.decidedAt;
  return (
    <div class="receipt" role="status">
      <p>
        <strong>{p.s.saved}</strong>
      </p>
      <dl class="facts">
        <dt>{p.s.receiptId}</dt>
        <dd>
          <code>{p.receipt.id}</code>
        </dd>
        <dt>{p.s.receiptTime}</dt>
        <dd>{new Date(time).toLocaleString(p.receipt.language)}</dd>
      </dl>
      {!p.stored && <p class="hint">{p.s.pending}</p>}
      <ReceiptLinks s={p.s} data={data} id={p.receipt.id} secret={p.stored?.secret} url={p.url} />
    </div>
  );
}
