import { describe, expect, it } from 'vitest';
import { toPublicConfig } from '../../protocol';
import { scanFindings, type Observations, type Phase, type SeenItem } from '../../server/scan/scan-findings';
import { demoConfigs } from '../helpers/collector';

const leepeem = toPublicConfig(
  demoConfigs().find((c) => c.id === 'leepeem')!,
  'r1',
);
const PAGE = 'https://leepeem.example/';
const cookie = (phase: Phase, name: string, setter?: string): SeenItem => ({
  phase,
  kind: 'cookie',
  name,
  domain: 'leepeem.example',
  page: PAGE,
  ...(setter ? { setter } : {}),
});
// A site that behaves: its session cookie always, Assent's after a choice, analytics and ads only after "accept all".
const clean = (): Observations => ({
  url: PAGE,
  pages: [PAGE],
  items: [
    ...(['before', 'reject', 'accept'] as const).map((p) => cookie(p, 'PHPSESSID')),
    cookie('reject', 'assent'),
    cookie('accept', 'assent'),
    cookie('accept', 'demo_analytics_id'),
    cookie('accept', 'demo_ads_id'),
    cookie('accept', 'demo_ads_seen'),
  ],
  requests: [],
});

describe('scan findings', () => {
  it('finds nothing on a site that sets only what it declares, when it may', () => {
    const { rows, findings } = scanFindings(clean(), leepeem);
    expect(findings).toEqual([]);
    expect(rows.find((r) => r.name === 'demo_ads_seen')).toMatchObject({ category: 'marketing', phases: ['accept'] });
  });

  it('names an optional cookie set before any choice or after "reject all", and who set it', () => {
    const obs = clean();
    obs.items.push(
      cookie('before', 'demo_analytics_id', 'https://leepeem.example/ga.js'),
      cookie('reject', 'demo_ads_x'),
    );
    const { findings } = scanFindings(obs, leepeem);
    expect(findings).toEqual([
      {
        kind: 'before-consent',
        what: 'cookie demo_analytics_id (leepeem.example)',
        detail: 'set before any choice by https://leepeem.example/ga.js',
      },
      { kind: 'after-refusal', what: 'cookie demo_ads_x (leepeem.example)', detail: 'set after "reject all"' },
    ]);
  });

  it('calls a cookie nobody declared undeclared, with the catalogue service it looks like', () => {
    const obs = clean();
    obs.items.push(cookie('accept', '_ga_ABC123'));
    const { findings } = scanFindings(obs, leepeem);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'undeclared', what: 'cookie _ga_ABC123 (leepeem.example)' });
    expect(findings[0]!.detail).toMatch(/Google Analytics.*catalogue "google-analytics"/);
  });

  it('reports a declared cookie that never appeared, except Assent’s own', () => {
    const obs = clean();
    obs.items = obs.items.filter((i) => i.name !== 'demo_analytics_id' && i.name !== 'assent');
    const { findings } = scanFindings(obs, leepeem);
    expect(findings.map((f) => [f.kind, f.what])).toEqual([
      ['declared-unseen', 'cookie or storage key demo_analytics_id'],
    ]);
  });

  it('judges requests to other sites by the service they belong to', () => {
    const obs = clean();
    const req = (phase: Phase, host: string) => ({ phase, host, url: `https://${host}/x.js`, page: PAGE });
    obs.requests.push(
      req('accept', 'www.youtube-nocookie.com'), // declared (marketing), after "accept all": fine
      req('reject', 'www.youtube-nocookie.com'), // declared optional, after "reject all"
      req('before', 'connect.facebook.net'), // catalogued, not declared, before any choice
      req('before', 'cdn.example.net'), // unknown: receives the IP address before any choice
    );
    const found = scanFindings(obs, leepeem).findings.map((f) => `${f.kind} ${f.what}`);
    expect(found).toEqual([
      'after-refusal request to www.youtube-nocookie.com',
      'undeclared request to connect.facebook.net',
      'before-consent request to connect.facebook.net',
      'before-consent request to cdn.example.net',
    ]);
  });
});
