import { Component } from 'preact';
import type { ConsentState, PublicSiteConfig } from '../../protocol';
import { optInsOf } from '../../protocol/channels';
import { fill, type Strings } from '../i18n';
import { texts } from './site-texts';

interface Props {
  s: Strings;
  config: PublicSiteConfig;
  lang: string;
  state: ConsentState;
  onConfirm: (channels: Record<string, boolean>) => void;
}

/**
 * The 2-yearly re-confirmation of marketing consent (ICN Act Art. 50(8), Decree Art. 62-3): the sender, each
 * consented channel with the date it was given or last confirmed, ticked; one click keeps them all, unticking one
 * withdraws it. Recorded as `reconfirm`, which names the channels only and leaves the cookie choices as they are.
 */
export class Reconfirm extends Component<Props, { value: Record<string, boolean> }> {
  constructor(props: Props) {
    super(props);
    // Every consented channel, ticked; a night-time consent not given is named off with its channel (they are
    // decided together).
    const value: Record<string, boolean> = Object.fromEntries(props.state.channels.map((c) => [c, true]));
    for (const o of optInsOf(props.config.channels))
      if (o.refines && value[o.refines] && !(o.id in value)) value[o.id] = false;
    this.state = { value };
  }

  render({ s, config, lang, state, onConfirm }: Props, { value }: { value: Record<string, boolean> }) {
    const t = texts(config, lang);
    const day = (ms: number) => new Date(ms).toLocaleDateString(lang);
    const optIns = optInsOf(config.channels).filter((o) => state.channels.includes(o.id));
    const set = (id: string, on: boolean) => {
      const next = { ...value, [id]: on };
      for (const o of optIns) if (o.refines === id && !on) next[o.id] = false;
      this.setState({ value: next });
    };
    return (
      <div class="reconfirm">
        <h2 id="assent-title">{s.reconfirmTitle}</h2>
        <p id="assent-desc">{fill(s.reconfirmIntro, { sender: t(config.controller.name) })}</p>
        <ul class="channels">
          {optIns.map((o) => (
            <li key={o.id}>
              <label class="switch">
                <input
                  type="checkbox"
                  name={o.id}
                  checked={!!value[o.id]}
                  disabled={!!o.refines && !value[o.refines]}
                  onChange={(e) => set(o.id, (e.target as HTMLInputElement).checked)}
                />
                <span>{t(o.facts.label)}</span>
              </label>
              <span class="hint">
                {fill(s.confirmedOn, { date: day(state.confirmed[o.id] ?? state.decidedAt) })} · {t(o.facts.purpose)}
              </span>
            </li>
          ))}
        </ul>
        <p class="hint">
          {s.sender}: {t(config.controller.name)}
          {config.controller.phone && ` · ${config.controller.phone}`}
          {config.controller.email && ` · ${config.controller.email}`}
        </p>
        <div class="actions">
          <button type="button" class="primary" onClick={() => onConfirm(value)}>
            {s.keep}
          </button>
          <button
            type="button"
            class="primary"
            onClick={() => onConfirm(Object.fromEntries(Object.keys(value).map((id) => [id, false])))}
          >
            {s.withdrawMarketing}
          </button>
        </div>
      </div>
    );
  }
}
