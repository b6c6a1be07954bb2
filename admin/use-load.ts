import { useEffect, useState } from 'preact/hooks';

/** Loads when a dependency changes; the latest load wins, an older one arriving late is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [again, setAgain] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (e: Error) => current && setState({ error: e.message, loading: false }),
    );
    return () => void (current = false);
  }, [...deps, again]);
  return { ...state, reload: () => setAgain((n) => n + 1) };
}
