/** Widget errors never reach the host page: they are reported once on the console, then swallowed. */
export function reporter(log: (msg: string, e: unknown) => void = (m, e) => console.error(m, e)) {
  let reported = false;
  return (error: unknown) => {
    if (reported) return;
    reported = true;
    try {
      log('[assent]', error);
    } catch {
      // a broken console must not break the page either
    }
  };
}
