import { Injectable } from '@nestjs/common';
import type { Album } from '../albums/album';
import { AlbumsService } from '../albums/albums.service';
import type { PhotoOwner } from '../photos/photo';
import type { PhotoFilter } from '../photos/photo-listing';
import { DEFAULT_PAGE_SIZE } from '../photos/photo-rules';
import { GridCards } from '../photos/pages/grid-cards';
import { type GridView, gridView, withParameter } from '../photos/pages/grid-view';

/** What the search asked for, as the form shows it again. */
export interface SearchTerms {
  q: string;
  takenFrom: string;
  takenTo: string;
}

export interface SearchState {
  terms: SearchTerms;
  words: string[];
  filter?: PhotoFilter;
  cursor?: string;
  before?: string;
}

/** What pages/search.hbs renders (plus `currentUser` and `csrfToken` from res.locals). */
export interface SearchView {
  title: string;
  terms: SearchTerms;
  /** Whether anything was asked: without it the page is only the form. */
  searched: boolean;
  albums: { id: string; name: string; countText: string }[];
  grid?: GridView;
  emptyText: string;
}

/** `/search?q=…&takenFrom=…&takenTo=…` with the fields that were filled in. */
function searchPath(terms: SearchTerms): string {
  let path = '/search';
  for (const [name, value] of Object.entries(terms) as [keyof SearchTerms, string][]) {
    if (value) path = withParameter(path, name, value);
  }
  return path;
}

function albumCount(album: Album): string {
  return album.photoCount === 1 ? '1 photo' : `${album.photoCount} photos`;
}

/**
 * The search page: the owner's photos whose description or file name has every word (as the
 * start of one of its words, accents and case aside) within the dates, on the timeline, and the
 * owner's albums whose name does. Nobody else's photo or album is ever looked at.
 */
@Injectable()
export class SearchPage {
  constructor(
    private readonly cards: GridCards,
    private readonly albums: AlbumsService,
  ) {}

  async build(owner: PhotoOwner, state: SearchState): Promise<SearchView> {
    const base = searchPath(state.terms);
    const { terms } = state;
    const searched = Boolean(terms.q.trim() || terms.takenFrom || terms.takenTo);
    const view: SearchView = {
      title: state.terms.q ? `Search: ${state.terms.q}` : 'Search',
      terms: state.terms,
      searched,
      albums: [],
      emptyText: 'No photo matches. Try fewer or shorter words, or other dates.',
    };
    // Nothing to search by (only punctuation typed): nothing matches.
    if (!state.filter) return view;
    const [listing, albums] = await Promise.all([
      this.cards.of(
        owner,
        {
          limit: DEFAULT_PAGE_SIZE,
          cursor: state.cursor,
          before: state.before,
          filter: state.filter,
        },
        { withMonths: false },
      ),
      // Albums are not paged: listed with the first page only.
      state.cursor || state.before ? [] : this.albums.findByName(owner, state.words),
    ]);
    const gridPath = state.before
      ? withParameter(base, 'before', state.before)
      : state.cursor
        ? withParameter(base, 'cursor', state.cursor)
        : base;
    view.grid = gridView(listing, { base, gridPath, pageSize: DEFAULT_PAGE_SIZE });
    view.albums = albums.map((album) => ({
      id: album.id,
      name: album.name,
      countText: albumCount(album),
    }));
    return view;
  }
}
