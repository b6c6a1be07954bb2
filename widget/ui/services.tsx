import type { PublicSiteConfig } from '../../protocol';
import type { Strings } from '../i18n';

/** A category's services: name, provider, purpose, cookies and how long they are kept (settings and placeholders). */
export function ServiceList(p: {
  s: Strings;
  services: PublicSiteConfig['categories'][number]['services'];
  t: (r: Readonly<Record<string, string>> | undefined) => string;
}) {
  return (
    <ul class="services">
      {p.services.map((svc) => (
        <li key={svc.name}>
          <strong>{svc.name}</strong>
          {svc.provider && ` (${svc.provider})`}: {p.t(svc.purpose)}. {p.s.cookies}:{' '}
          {svc.cookies.length ? svc.cookies.join(', ') : '—'}. {p.s.retention}: {p.t(svc.retention)}
        </li>
      ))}
    </ul>
  );
}
