import { STAFF_METHODS } from '../../protocol/constants';
import { label } from '../format';
import type { Strings } from '../i18n';

/** How a decision outside the website was taken: by phone, in writing, in person or by fax. */
export function MethodSelect({ t, value, onChange }: { t: Strings; value: string; onChange: (m: string) => void }) {
  return (
    <label>
      {t.method}{' '}
      <select name="method" value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        {STAFF_METHODS.map((m) => (
          <option value={m} key={m}>
            {label(t, m)}
          </option>
        ))}
      </select>
    </label>
  );
}
