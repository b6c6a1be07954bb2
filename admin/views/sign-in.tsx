import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Strings } from '../i18n';

export function SignIn({
  t,
  onSignIn,
  langSwitch,
  notice,
}: {
  t: Strings;
  onSignIn: (token: string) => Promise<string | undefined>;
  langSwitch: ComponentChildren;
  notice?: string;
}) {
  const [error, setError] = useState<string | undefined>(notice);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const token = (new FormData(e.target as HTMLFormElement).get('token') as string).trim();
    setBusy(true);
    setError(await onSignIn(token));
    setBusy(false);
  }
  return (
    <main class="page sign-in">
      <h1>{t.title}</h1>
      {langSwitch}
      <form onSubmit={submit} class="card">
        <label for="token">{t.token}</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          required
          aria-describedby="token-help"
          aria-invalid={error ? 'true' : undefined}
        />
        <p id="token-help" class="help">
          {t.tokenHelp}
        </p>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {t.signIn}
        </button>
      </form>
    </main>
  );
}
