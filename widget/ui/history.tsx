import type { PublicSiteConfig, StoredReceipt } from '../../protocol';
import type { Strings } from '../i18n';
import { texts } from './site-texts';

type Kept = StoredReceipt & { secret?: string };

/** A receipt to keep: the JSON file, and the collector's signed page when the browser holds its secret. */
export function ReceiptLinks(p: {
  s: Strings;
  data: object;
  id: string;
  secret?: string;
  url: (id: string, secret: string) => string;
}) {
  const href = URL.createObjectURL(new Blob([JSON.stringify(p.data, null, 2)], { type: 'application/json' }));
  return (
    <p class="actions">
      <a class="button" href={href} download={`consent-receipt-${p.id}.json`}>
        {p.s.download}
      </a>
      {p.secret && (
        <a class="button" href={p.url(p.id, p.secret)} target="_blank" rel="noopener noreferrer">
          {p.s.viewOnline}
        </a>
      )}
    </p>
  );
}

/**
 * "My consents": the receipts this browser holds (IndexedDB), newest first, each in the visitor's language: when,
 * what was done, what it allowed; downloadable, and verifiable on the collector's signed page.
 */
export function History(p: {
  s: Strings;
  config: PublicSiteConfig;
  lang: string;
  receipts: Kept[];
  url: (id: string, secret: string) => string;
}) {
  const t = texts(p.config, p.lang);
  const list = [...p.receipts].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  const allowed = (r: Kept) => {
    const cats = p.config.categories.filter((c) => !c.required && r.choices.categories?.[c.id]).map((c) => t(c.label));
    const chans = p.config.channels.filter((c) => r.choices.channels[c.id]).map((c) => t(c.label));
    return [...cats, ...chans].join(', ') || p.s.onlyNecessary;
  };
  return (
    <details class="history">
      <summary>
        {p.s.myConsents} ({list.length})
      </summary>
      <ol>
        {list.map((r) => (
          <li key={r.id}>
            <p>
              <strong>{p.s.actions[r.action] ?? r.action}</strong> · {new Date(r.receivedAt).toLocaleString(p.lang)}
            </p>
            <p class="hint">
              {r.choices.categories || Object.keys(r.choices.channels).length ? allowed(r) : ''} · {p.s.receiptId}{' '}
              <code>{r.id}</code>
            </p>
            <ReceiptLinks s={p.s} data={r} id={r.id} secret={r.secret} url={p.url} />
          </li>
        ))}
      </ol>
    </details>
  );
}
