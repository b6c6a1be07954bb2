import { fill } from '../i18n';
import type { FormStrings } from './strings';

/** Where the guardian enters the code that was sent to them: the last step of a child's consent. */
export function CodeStep(p: {
  f: FormStrings;
  id: string;
  contact: string;
  code: string;
  error?: string;
  onCode(code: string): void;
  onVerify(): void;
  onResend(): void;
}) {
  const { f, id } = p;
  return (
    <div class="code-step">
      <p>{fill(f.codeSent, { contact: p.contact })}</p>
      <label for={id}>{f.codeLabel}</label>
      <input
        id={id}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        value={p.code}
        aria-invalid={!!p.error}
        aria-describedby={p.error ? `${id}-e` : undefined}
        onInput={(e) => p.onCode((e.target as HTMLInputElement).value.replace(/\D/g, ''))}
        onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), p.onVerify())}
      />
      {p.error && (
        <p class="error" role="alert" id={`${id}-e`}>
          {p.error}
        </p>
      )}
      <div class="actions">
        <button type="button" class="primary" onClick={p.onVerify}>
          {f.verify}
        </button>
        <button type="button" class="secondary" onClick={p.onResend}>
          {f.resend}
        </button>
      </div>
    </div>
  );
}
