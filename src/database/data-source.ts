import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/**
 * For the TypeORM CLI (`npx typeorm migration:show -d dist/database/data-source.js`). The app
 * itself gets its entities from each module's `TypeOrmModule.forFeature`; the CLI finds the same
 * `*.entity` files by name, so this layer imports no feature.
 */
export default new DataSource({
  ...dataSourceOptions(process.env.DATABASE_URL ?? ''),
  entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
});
