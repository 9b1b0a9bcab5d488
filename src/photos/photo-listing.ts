import type { PhotoSort } from './photo-cursor';
import { MAX_SEARCH_WORD_LENGTH } from './photo-rules';

/**
 * What narrows a listing: a range of timeline dates and search words. Built at the edge
 * (photo-input.ts) from `takenFrom`/`takenTo`/`q`; every field is optional.
 */
export interface PhotoFilter {
  /** The first moment included (UTC midnight of `takenFrom`). */
  from?: Date;
  /** The first moment no longer included (UTC midnight of the day after `takenTo`). */
  until?: Date;
  /** Each must start a word of the description, the file name or an album name (folded). */
  words?: readonly string[];
}

export interface ListOptions {
  limit: number;
  /** Continues after this cursor (older photos). */
  cursor?: string;
  /** Continues before this cursor instead (newer photos): the grid's "Newer photos". */
  before?: string;
  /** 'taken' (the timeline) unless told otherwise. */
  sort?: PhotoSort;
  filter?: PhotoFilter;
}

/**
 * The words of a search: runs of letters, digits and marks, as the index splits text (at
 * punctuation and spaces: "IMG_12" is "img" and "12"). Folding accents and case is the
 * database's (photos_search_words), so the query is folded exactly as the text was.
 */
export function searchWords(text: string): string[] {
  return (
    text.match(/[\p{L}\p{N}\p{M}]+/gu)?.map((word) => word.slice(0, MAX_SEARCH_WORD_LENGTH)) ?? []
  );
}

/** A key naming the listing a page belongs to, for caches (stable field order). */
export function listingKey(options: ListOptions): string {
  const { filter } = options;
  return JSON.stringify([
    options.sort ?? 'taken',
    options.limit,
    options.cursor ?? '',
    options.before ?? '',
    filter?.from?.getTime() ?? '',
    filter?.until?.getTime() ?? '',
    filter?.words ?? [],
  ]);
}
