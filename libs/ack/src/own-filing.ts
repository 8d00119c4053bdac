import { authorityFor, deadlinesFrom, defaultRegimes, isRegime, ObligationKind, Regime } from '@app/regimes';
import { NoticeView } from '@app/templates';
import { SubjectNotice, subjectNoticeWords } from '@app/drafts';
import { Filing, filingFor } from './filing';

/** One onward deadline of the tenant, counted from the vendor's awareness (the conservative reading). */
export interface OwnDeadline {
  regime: Regime;
  obligation: ObligationKind;
  /** ISO 8601 (UTC); null: "as soon as possible", no fixed time. */
  dueAt: string | null;
  basis: string;
  /** `dora_classification`: 4 hours after the tenant classifies the incident as major, at the latest 24 hours after awareness. */
  note?: 'dora_classification';
}

/** What the tenant needs for its own filings and its own people, beside the Art. 33(3) summary. */
export interface OwnFiling {
  /** The regimes in effect: the tenant's own, else those of its country. */
  regimes: Regime[];
  /** The tenant's supervisory authority by its country; for a country with several (DE), the Land's, with the list. */
  authority: { name: string; url: string } | null;
  deadlines: OwnDeadline[];
  filing: Filing[];
  /** A draft of the tenant's own notice to its data subjects (Art. 34); none for a withdrawal. */
  subjectNotice: SubjectNotice | null;
}

/** The tenant's regimes as stored (null or empty: by its country), unknown names left out. */
export function regimesOf(stored: unknown, country: string | null | undefined): Regime[] {
  const own = Array.isArray(stored) ? stored.filter(isRegime) : [];
  return own.length ? [...new Set(own)] : defaultRegimes(country);
}

/**
 * The tenant's own clocks and filings, read off the notice it got (in the notice's language) and its own
 * regimes and country; a withdrawal has no deadlines, filing or draft, only the authority.
 */
export function ownFiling(view: NoticeView, stored: { regimes: unknown; country: string | null }, draft: (view: NoticeView) => SubjectNotice): OwnFiling {
  const regimes = regimesOf(stored.regimes, stored.country);
  const found = authorityFor(stored.country);
  const authority = found && { name: found.several || !found.name ? subjectNoticeWords(view.locale).authorityOfLand.controller : found.name, url: found.url };
  if (view.kind === 'withdrawn') return { regimes, authority, deadlines: [], filing: [], subjectNotice: null };
  return {
    regimes,
    authority,
    deadlines: deadlinesFrom(view.incident.awareAt, regimes).map((d) => ({
      regime: d.regime,
      obligation: d.obligation,
      dueAt: d.dueAt,
      basis: d.basis,
      ...(d.note ? { note: d.note } : {}),
    })),
    filing: filingFor(view, regimes),
    subjectNotice: draft(view),
  };
}
