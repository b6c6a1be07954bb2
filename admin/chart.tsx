/** One series of a stacked bar chart. */
export interface Series {
  key: string;
  label: string;
  /** A CSS class that colours it (admin.css). */
  tone: string;
}

/**
 * Stacked bars by day, with a line for a second measure (banners shown). Hand-written SVG, a few hundred bytes:
 * the dashboard needs one chart type, not a charting library. The numbers are also in a table below it.
 */
export function BarChart<R extends Record<string, number | string>>({
  rows,
  x,
  series,
  line,
  title,
}: {
  rows: R[];
  x: keyof R;
  series: Series[];
  line?: Series;
  title: string;
}) {
  const W = 720;
  const H = 220;
  const pad = { l: 36, r: 8, t: 10, b: 24 };
  const total = (r: R) => series.reduce((n, s) => n + Number(r[s.key] ?? 0), 0);
  const max = Math.max(1, ...rows.map((r) => Math.max(total(r), line ? Number(r[line.key] ?? 0) : 0)));
  const step = (W - pad.l - pad.r) / Math.max(1, rows.length);
  const y = (v: number) => H - pad.b - (v / max) * (H - pad.t - pad.b);
  const every = Math.ceil(rows.length / 10);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        <line x1={pad.l} x2={W - pad.r} y1={y(0)} y2={y(0)} class="axis" />
        <text x={pad.l - 4} y={y(max) + 4} class="tick" text-anchor="end">
          {max}
        </text>
        <text x={pad.l - 4} y={y(0)} class="tick" text-anchor="end">
          0
        </text>
        {rows.map((r, i) => {
          let base = 0;
          return (
            <g key={String(r[x])}>
              {series.map((s) => {
                const v = Number(r[s.key] ?? 0);
                const rect = v ? (
                  <rect
                    x={pad.l + i * step + 1}
                    width={Math.max(1, step - 2)}
                    y={y(base + v)}
                    height={y(base) - y(base + v)}
                    class={s.tone}
                  >
                    <title>{`${r[x]} ${s.label}: ${v}`}</title>
                  </rect>
                ) : null;
                base += v;
                return rect;
              })}
              {i % every === 0 && (
                <text x={pad.l + i * step + step / 2} y={H - 6} class="tick" text-anchor="middle">
                  {String(r[x]).slice(5)}
                </text>
              )}
            </g>
          );
        })}
        {line && (
          <polyline
            class={`line ${line.tone}`}
            fill="none"
            points={rows.map((r, i) => `${pad.l + i * step + step / 2},${y(Number(r[line.key] ?? 0))}`).join(' ')}
          />
        )}
      </svg>
      <figcaption class="legend">
        {[...series, ...(line ? [line] : [])].map((s) => (
          <span key={s.key}>
            <i class={`swatch ${s.tone}`} aria-hidden="true" /> {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/**
 * Rates (0–100 %) by day, one line per series; a day without a decision on a series leaves a gap rather than a
 * false zero. Same hand-written SVG as the bars; the numbers are in the table below it.
 */
export function RateChart({
  days,
  series,
  title,
}: {
  days: string[];
  series: (Series & { rates: (number | undefined)[] })[];
  title: string;
}) {
  const W = 720;
  const H = 200;
  const pad = { l: 36, r: 8, t: 10, b: 24 };
  const step = (W - pad.l - pad.r) / Math.max(1, days.length);
  const y = (v: number) => H - pad.b - (v / 100) * (H - pad.t - pad.b);
  const every = Math.ceil(days.length / 10);
  const runs = (rates: (number | undefined)[]) => {
    const out: string[][] = [[]];
    rates.forEach((r, i) => {
      if (r === undefined) out.push([]);
      else out.at(-1)!.push(`${pad.l + i * step + step / 2},${y(r)}`);
    });
    return out.filter((run) => run.length);
  };
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        {[0, 50, 100].map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} class="axis" />
            <text x={pad.l - 4} y={y(v) + 4} class="tick" text-anchor="end">
              {v}%
            </text>
          </g>
        ))}
        {days.map(
          (d, i) =>
            i % every === 0 && (
              <text key={d} x={pad.l + i * step + step / 2} y={H - 6} class="tick" text-anchor="middle">
                {d.slice(5)}
              </text>
            ),
        )}
        {series.map((s) =>
          runs(s.rates).map((run, i) =>
            run.length === 1 ? (
              <circle
                key={`${s.key}${i}`}
                class={`dot ${s.tone}`}
                cx={run[0]!.split(',')[0]}
                cy={run[0]!.split(',')[1]}
                r="3"
              />
            ) : (
              <polyline key={`${s.key}${i}`} class={`line ${s.tone}`} fill="none" points={run.join(' ')} />
            ),
          ),
        )}
      </svg>
      <figcaption class="legend">
        {series.map((s) => (
          <span key={s.key}>
            <i class={`swatch ${s.tone}`} aria-hidden="true" /> {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** A horizontal share bar: `part` of `whole`, with the percentage as text. */
export function ShareBar({ label, part, whole }: { label: string; part: number; whole: number }) {
  const pct = whole ? Math.round((part / whole) * 100) : 0;
  return (
    <div class="share">
      <span class="share-label">{label}</span>
      <span class="share-track" aria-hidden="true">
        <span class="share-fill" style={{ width: `${pct}%` }} />
      </span>
      <span class="share-value">
        {pct} % ({part}/{whole})
      </span>
    </div>
  );
}
