import { DataSource } from 'typeorm';
import { PhotoEntity } from '../photos/photo.entity';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI (`npx typeorm migration:show -d dist/database/data-source.js`). */
export default new DataSource({
  ...dataSourceOptions(process.env.DATABASE_URL ?? ''),
  entities: [PhotoEntity],
});
