import * as v from 'valibot';
import { about } from './primitives';

/**
 * How a visitor is asked, by where they are: `opt-in` (the banner; nothing optional before a choice: Korea, the
 * EU, the UK), `opt-out` (nothing asked, optional categories on until the visitor opts out with the site's "Do Not
 * Sell or Share" link or Global Privacy Control: California's CCPA), `notice` (nothing asked, the same defaults and
 * the same opt-out, for places whose law requires neither).
 */
export const REGIMES = ['opt-in', 'opt-out', 'notice'] as const;
export type Regime = (typeof REGIMES)[number];

/** The EU's member states (ISO 3166-1 alpha-2); the EEA adds Iceland, Liechtenstein and Norway. */
const EU = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' ');
export const REGION_GROUPS: Readonly<Record<string, readonly string[]>> = { EU, EEA: [...EU, 'IS', 'LI', 'NO'] };

/** Where the visitor is, as the CDN or proxy in front of the collector said: a country and, if it said, its subdivision. */
export interface Place {
  country: string;
  region?: string;
}

/** `US-CA`, or `US` without a subdivision: how receipts record the place. */
export const placeCode = (p: Place) => (p.region ? `${p.country}-${p.region}` : p.country);

const REGION_KEY = /^(\*|EU|EEA|[A-Z]{2}(-[A-Z0-9]{1,3})?)$/;

export const regimesSchema = about(
  v.optional(
    v.record(
      v.pipe(
        v.string(),
        v.regex(REGION_KEY, 'must be a country ("DE"), a subdivision ("US-CA", ISO 3166-2), "EU", "EEA" or "*"'),
      ),
      v.picklist(REGIMES, 'must be "opt-in", "opt-out" or "notice"'),
    ),
  ),
  'How visitors are asked, by where they are: a country ("KR"), a subdivision ("US-CA"), "EU" or "EEA", and "*" ' +
    'for the rest. The most precise match wins. Needs the collector to know the country (`ASSENT_GEO`); a visitor ' +
    'whose country it does not know gets `opt-in`. Without it, every visitor gets `opt-in`.',
  [{ KR: 'opt-in', EEA: 'opt-in', GB: 'opt-in', 'US-CA': 'opt-out', '*': 'opt-in' }],
);
export type Regimes = Record<string, Regime>;

/**
 * The regime for a visitor: the subdivision's, else the country's, else its group's (EEA before EU), else `*`'s,
 * else opt-in. An unknown place is asked opt-in, whatever `*` says: nobody loses the banner by hiding where they are.
 */
export function regimeFor(regimes: Regimes | undefined, place: Place | undefined): Regime {
  if (!regimes || !place) return 'opt-in';
  const group = ['EEA', 'EU'].find((g) => g in regimes && REGION_GROUPS[g]!.includes(place.country));
  return (
    (place.region && regimes[placeCode(place)]) ||
    regimes[place.country] ||
    (group && regimes[group]) ||
    regimes['*'] ||
    'opt-in'
  );
}

/** Every regime a site's visitors can get (what a receipt may say it was made under). */
export const regimesOf = (regimes: Regimes | undefined): Regime[] =>
  regimes ? [...new Set<Regime>(['opt-in', ...Object.values(regimes)])] : ['opt-in'];
