import type { DataSource } from 'typeorm';
import type { Photo } from './photo';
import { PhotoEntity } from './photo.entity';

/**
 * `"alias"."column" AS "property"` for every column of `photos`, so another module's raw SQL
 * that joins `photos` (an album's page, a shared link's photos) reads rows that already are
 * `Photo`s (or the `fields` of one), as PhotosRepository's listing does. The table's shape stays described in one place.
 */
export function photoColumns(
  dataSource: DataSource,
  alias: string,
  fields?: readonly (keyof Photo)[],
): string {
  return dataSource
    .getMetadata(PhotoEntity)
    .columns.filter((column) => !fields || fields.includes(column.propertyName as keyof Photo))
    .map((column) => `"${alias}"."${column.databaseName}" AS "${column.propertyName}"`)
    .join(', ');
}
