import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { MigrationRunner } from './migration-runner';
import { DatabaseInfoRepository } from './database-info.repository';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => ({
        ...dataSourceOptions(config.get('databaseUrl', { infer: true })),
        autoLoadEntities: true,
      }),
    }),
  ],
  providers: [MigrationRunner, DatabaseInfoRepository],
  exports: [DatabaseInfoRepository],
})
export class DatabaseModule {}
