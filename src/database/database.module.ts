import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseConfig } from '../config/config-slices';
import { dataSourceOptions } from './data-source-options';
import { MigrationRunner } from './migration-runner';
import { DatabaseInfoRepository } from './database-info.repository';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [DatabaseConfig],
      useFactory: (database: DatabaseConfig) => ({
        ...dataSourceOptions(database.url),
        autoLoadEntities: true,
      }),
    }),
  ],
  providers: [MigrationRunner, DatabaseInfoRepository],
  exports: [DatabaseInfoRepository],
})
export class DatabaseModule {}
