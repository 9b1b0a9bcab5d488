import type { PhotoCursor, PhotoSort } from './photo-cursor';
import type { PhotoFilter } from './photo-listing';

/** The column each order reads; each has an index (owner_sub, column DESC, id DESC). */
const SORT_COLUMNS: Record<PhotoSort, string> = { taken: 'sort_at', uploaded: 'created_at' };

/** Parameters of a statement in the making: each value added answers its `$n`. */
class Parameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The owner and the filter, as conditions on `photos` (the owner is always `$1`). */
function filterConditions(ownerSub: string, filter: PhotoFilter | undefined, params: Parameters) {
  const conditions = [`owner_sub = ${params.add(ownerSub)}`];
  if (filter?.from)
    conditions.push(`sort_at >= CAST(${params.add(filter.from.toISOString())} AS timestamptz)`);
  if (filter?.until)
    conditions.push(`sort_at < CAST(${params.add(filter.until.toISOString())} AS timestamptz)`);
  if (filter?.words?.length) {
    conditions.push(`search_vector @@ photos_search_query(${params.add(filter.words)}::text[])`);
  }
  return conditions;
}

function keysetCondition(column: string, cursor: PhotoCursor, op: '<' | '>', params: Parameters) {
  const at = params.add(cursor.at.toISOString());
  const id = params.add(cursor.id);
  return `(${column}, id) ${op} (CAST(${at} AS timestamptz), CAST(${id} AS uuid))`;
}

export interface ListingStatement {
  ownerSub: string;
  sort: PhotoSort;
  filter?: PhotoFilter;
  /** Older than this (the next page); or, with `before`, newer than that, read oldest first. */
  after?: PhotoCursor;
  before?: PhotoCursor;
  limit: number;
  /** The select list (`"column" AS "property"`, …). */
  columns: string;
}

/**
 * One page of the owner's photos, newest first in `sort` order (oldest first when reading back
 * from `before`). The row-value keyset condition matches the order's index, so PostgreSQL starts
 * its scan at the cursor: page 1000 costs what page 1 costs, unlike OFFSET.
 */
export function listingStatement(input: ListingStatement): [sql: string, parameters: unknown[]] {
  const params = new Parameters();
  const column = SORT_COLUMNS[input.sort];
  const conditions = filterConditions(input.ownerSub, input.filter, params);
  if (input.after) conditions.push(keysetCondition(column, input.after, '<', params));
  if (input.before) conditions.push(keysetCondition(column, input.before, '>', params));
  const direction = input.before ? 'ASC' : 'DESC';
  const sql =
    `SELECT ${input.columns} FROM photos WHERE ${conditions.join(' AND ')} ` +
    `ORDER BY ${column} ${direction}, id ${direction} LIMIT ${params.add(input.limit)}`;
  return [sql, params.values];
}

/**
 * How many photos the listing holds, and how many of them come before `first` in its order
 * (where a page starting at `first` stands). One index-only pass over the owner's photos.
 */
export function positionStatement(
  ownerSub: string,
  sort: PhotoSort,
  filter: PhotoFilter | undefined,
  first: PhotoCursor | undefined,
): [sql: string, parameters: unknown[]] {
  const params = new Parameters();
  const conditions = filterConditions(ownerSub, filter, params);
  const newer = first
    ? `count(*) FILTER (WHERE ${keysetCondition(SORT_COLUMNS[sort], first, '>', params)})`
    : '0';
  const sql = `SELECT count(*)::int AS total, ${newer}::int AS newer FROM photos WHERE ${conditions.join(' AND ')}`;
  return [sql, params.values];
}

/** The months (UTC, "2024-09") the owner has photos in, on the timeline, newest first, counted. */
export function monthsStatement(ownerSub: string): [sql: string, parameters: unknown[]] {
  return [
    `SELECT to_char(date_trunc('month', sort_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
            count(*)::int AS count
     FROM photos WHERE owner_sub = $1 GROUP BY 1 ORDER BY 1 DESC`,
    [ownerSub],
  ];
}
