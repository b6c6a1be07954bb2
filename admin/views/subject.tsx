import type { StaffContactSearch, StaffSubject } from '../../protocol/staff-api';
import { useEffect, useState } from 'preact/hooks';
import { contactKindOf } from '../../protocol/contacts';
import { MEMBER, RECEIPT_ID } from '../../protocol/formats';
import { ApiError } from '../api';
import type { Ctx } from '../app';
import { choices, label, saveBlob, time } from '../format';
import { fill } from '../i18n';
import type { Receipt } from '../types';
import { ReceiptDetail } from './receipt-detail';
import { withNoticeStrings } from './notice-view';
import { RecordDecision } from './record-decision';
import { RecordFormConsents } from './record-form-consents';
import { RecordRequest } from './rights-requests';

type History = StaffSubject & { history: Receipt[] };

/**
 * Finds a person by phone number or email (hashed by the collector as it hashed them when kept), subject id,
 * receipt id or member reference; shows their history; records off-line decisions.
 */
export function Subject(ctx: Ctx & { initial: string }) {
  const { api, t, lang, site } = ctx;
  const [q, setQ] = useState(ctx.initial);
  const [found, setFound] = useState<History>();
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  const [open, setOpen] = useState<string>();
  const [many, setMany] = useState<StaffContactSearch>();

  async function historyOf(subject: string) {
    return api.get<History>(`/subjects/${encodeURIComponent(subject)}`, { site: site.id });
  }
  async function find(query: string) {
    setMessage(undefined);
    setFound(undefined);
    setMany(undefined);
    const term = query.trim();
    if (!term) return;
    try {
      // Bare digits may be a phone number or a member reference (a chart number): if no one has the number, the
      // member reference is tried. Both searches send what was typed in a body, never in a URL.
      const digitsOnly = /^\d{8,128}$/.test(term);
      const byMember = async () =>
        MEMBER.test(term)
          ? (await api.post<StaffContactSearch>('/subjects/search', { member: term }, { site: site.id })).subjects[0]
              ?.subject
          : undefined;
      const kind = contactKindOf(term);
      if (kind) {
        const hit = await api
          .post<StaffContactSearch>('/subjects/search', { contact: term }, { site: site.id })
          .catch((e) => (digitsOnly ? undefined : Promise.reject(e)));
        const member = !hit?.subjects.length && digitsOnly ? await byMember() : undefined;
        if (member) return setFound(await historyOf(member));
        if (!hit?.contact) throw new ApiError(404, fill(t.notFound, { q: term }));
        const readAs = fill(withNoticeStrings(t).readAs, {
          kind: withNoticeStrings(t)[hit.contact.kind === 'email' ? 'kindEmail' : 'kindPhone'],
          value: hit.contact.normalised,
        });
        if (hit.subjects.length === 1) setFound(await historyOf(hit.subjects[0]!.subject));
        else if (hit.subjects.length) setMany(hit);
        setMessage({
          text: hit.subjects.length ? readAs : `${fill(t.notFound, { q: term })} ${readAs}`,
          error: !hit.subjects.length,
        });
        return;
      }
      // A receipt id names its subject; else a member reference (a filter: no 404 when there is none); else a subject id.
      let subject = term;
      if (RECEIPT_ID.test(term))
        subject = (await api.get<{ receipt: Receipt }>(`/receipts/${term}`, { site: site.id })).receipt.subject ?? term;
      else subject = (await byMember()) ?? term;
      setFound(await historyOf(subject));
    } catch (e) {
      setMessage({
        text: e instanceof ApiError && e.status === 404 ? fill(t.notFound, { q: term }) : (e as Error).message,
        error: true,
      });
    }
  }
  useEffect(() => {
    if (ctx.initial) void find(ctx.initial); // opened from a receipt row
  }, []);

  return (
    <section aria-labelledby="subject-h">
      <h2 id="subject-h">{t.subject}</h2>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void find(q);
        }}
      >
        <label for="subject-q">{t.searchHelp}</label>
        <input id="subject-q" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        <button type="submit" class="primary">
          {t.search}
        </button>
      </form>
      {message && (
        <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'ok'}>
          {message.text}
        </p>
      )}
      {open && <ReceiptDetail {...ctx} id={open} onClose={() => setOpen(undefined)} />}
      {many && (
        <ul class="found" aria-label={withNoticeStrings(t).foundMany}>
          {many.subjects.map((s) => (
            <li key={s.subject}>
              <button
                type="button"
                class="link"
                onClick={async () => (setMany(undefined), setFound(await historyOf(s.subject)))}
              >
                <code>{s.subject}</code>
              </button>{' '}
              · {label(t, s.latest.action)} · {time(s.latest.receivedAt, lang)}
            </li>
          ))}
        </ul>
      )}
      {found && (
        <>
          <h3>
            {t.current}: <code>{found.subject}</code>
          </h3>
          <p>
            {choices(found.current, t, site, lang)} — {t.policy} {found.current.policy},{' '}
            {time(found.current.since, lang)}
          </p>
          <p class="row" role="group" aria-label={t.exportPerson}>
            {t.exportPerson}:{' '}
            {(['html', 'json'] as const).map((format) => (
              <button
                type="button"
                key={format}
                data-export={format}
                onClick={async () =>
                  saveBlob(
                    await api.blob(`/subjects/${encodeURIComponent(found.subject)}/export`, { site: site.id, format }),
                    `assent-${site.id}-${found.subject}.${format}`,
                  )
                }
              >
                {format === 'html' ? t.exportPage : 'JSON'}
              </button>
            ))}
          </p>
          <RecordDecision
            {...ctx}
            history={found}
            onSaved={async (id) => (
              setFound(await historyOf(found.subject)),
              setMessage({ text: fill(t.saved, { id }) })
            )}
          />
          <RecordFormConsents
            {...ctx}
            key={found.history.at(-1)?.id}
            history={found}
            onSaved={async (id) => (
              setFound(await historyOf(found.subject)),
              setMessage({ text: fill(t.saved, { id }) })
            )}
          />
          <RecordRequest ctx={ctx} subject={found.subject} />
          <h3>{t.timeline}</h3>
          <ol class="timeline" reversed>
            {[...found.history].reverse().map((r) => (
              <li key={r.id} data-action={r.action} data-method={r.method}>
                <time dateTime={r.receivedAt}>{time(r.receivedAt, lang)}</time> <strong>{label(t, r.action)}</strong> ·{' '}
                {label(t, r.method)}
                {r.recordedBy && <> · {r.recordedBy.staffId}</>}
                <br />
                <span class="muted">{choices(r, t, site, lang)}</span>{' '}
                <button type="button" class="link" onClick={() => setOpen(r.id)}>
                  {t.detail}
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
