import type { DataSource } from 'typeorm';
import { PhotoEntity } from './photo.entity';

/**
 * `"alias"."column" AS "property"` for every column of `photos`, so another module's raw SQL
 * that joins `photos` (an album's page, a shared link's photos) reads rows that already are
 * `Photo`s, as PhotosRepository's listing does. The table's shape stays described in one place.
 */
export function photoColumns(dataSource: DataSource, alias: string): string {
  return dataSource
    .getMetadata(PhotoEntity)
    .columns.map((column) => `"${alias}"."${column.databaseName}" AS "${column.propertyName}"`)
    .join(', ');
}
