import type { PhotoCard } from '../photo';
import { timelineDate } from '../photo-cursor';
import type { GridListing, MonthCount } from './grid-cards';
import { cameraClock, namesOnPage, type PhotoNames } from './photo-label';
import { withReturnTo } from './photo-return-to';

export interface PhotoCardView {
  id: string;
  photoHref: string;
  description: string;
  alt: string;
  /** Names the photo in its Delete button and the delete dialog. */
  label: string;
  thumbnailWidth: number;
  thumbnailHeight: number;
  /** When it was taken, as the camera's clock read it ("2024-09-14 18:02"); else unset. */
  takenText?: string;
  /** When it was uploaded, shown when the taken date is unknown. */
  createdAt: Date;
}

/** The photos of one month of the timeline on this page, under its heading. */
export interface MonthSection {
  heading: string;
  photos: PhotoCardView[];
}

export interface MonthOption {
  value: string;
  label: string;
  selected: boolean;
}

/** The grid part of a page of photos (My photos, a search): its sections and page links. */
export interface GridView {
  sections: MonthSection[];
  photoCount: number;
  /** "42 photos". */
  countText: string;
  newerHref?: string;
  olderHref?: string;
  /** "Page 2 of 7". */
  pageLabel: string;
  /** Whether there is another page to link to (no empty navigation landmark otherwise). */
  pagesNav: boolean;
  /** This page's own path, where a photo page or a delete comes back to. */
  gridPath: string;
  months: MonthOption[];
}

const MONTH_NAME = new Intl.DateTimeFormat('en', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "September 2024" from "2024-09". */
export function monthHeading(month: string): string {
  return MONTH_NAME.format(new Date(`${month}-01T00:00:00.000Z`));
}

/** The UTC month ("2024-09") a photo stands in on the timeline, as the months query counts. */
function monthOf(card: PhotoCard): string {
  return timelineDate(card).toISOString().slice(0, 7);
}

function cardView(card: PhotoCard, names: PhotoNames, gridPath: string): PhotoCardView {
  return {
    id: card.id,
    photoHref: withReturnTo(`/photos/${card.id}`, gridPath),
    description: card.description,
    alt: names.alt,
    label: names.label,
    thumbnailWidth: card.thumbnailWidth,
    thumbnailHeight: card.thumbnailHeight,
    takenText: card.takenAt ? cameraClock(card.takenAt, card.takenAtOffset) : undefined,
    createdAt: card.createdAt,
  };
}

function sectionsOf(cards: readonly PhotoCard[], gridPath: string): MonthSection[] {
  const sections: MonthSection[] = [];
  let current: string | undefined;
  const names = namesOnPage(cards);
  for (const [index, card] of cards.entries()) {
    const month = monthOf(card);
    if (month !== current) {
      sections.push({ heading: monthHeading(month), photos: [] });
      current = month;
    }
    sections[sections.length - 1].photos.push(cardView(card, names[index], gridPath));
  }
  return sections;
}

/** `base` with one more query parameter (base may carry a query already). */
export function withParameter(base: string, name: string, value: string): string {
  return `${base}${base.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}`;
}

export interface GridPlace {
  /** The listing's own path without a page: "/myphotos", "/search?q=beach". */
  base: string;
  /** This page's path ("/myphotos?cursor=…"), where photo pages come back to. */
  gridPath: string;
  pageSize: number;
  /** The month this page jumped to, if it did. */
  month?: string;
}

function countText(total: number): string {
  return total === 1 ? '1 photo' : `${total} photos`;
}

/** Builds the grid part of a page from one listing. */
export function gridView(listing: GridListing, place: GridPlace): GridView {
  const { cards, total, newer } = listing;
  const pageCount = Math.max(1, Math.ceil(total / place.pageSize));
  const pageNumber = Math.min(pageCount, Math.floor(newer / place.pageSize) + 1);
  const link = (name: string, cursor?: string) =>
    cursor === undefined ? undefined : withParameter(place.base, name, cursor);
  // Back to the newest: the listing's own first page rather than a cursor just before it.
  const newerHref = newer <= place.pageSize && cards.previousCursor ? place.base : undefined;
  return {
    sections: sectionsOf(cards.items, place.gridPath),
    photoCount: cards.items.length,
    countText: countText(total),
    newerHref: newerHref ?? link('before', cards.previousCursor),
    olderHref: link('cursor', cards.nextCursor),
    pageLabel: `Page ${pageNumber} of ${pageCount}`,
    pagesNav: Boolean(cards.previousCursor || cards.nextCursor),
    gridPath: place.gridPath,
    months: monthOptions(listing.months, place.month),
  };
}

function monthOptions(months: readonly MonthCount[], selected?: string): MonthOption[] {
  return months.map(({ month, count }) => ({
    value: month,
    label: `${monthHeading(month)} (${count})`,
    selected: month === selected,
  }));
}
