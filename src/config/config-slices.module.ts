import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './app-config';
import {
  AuthResilienceConfig,
  CognitoConfig,
  configSlices,
  DatabaseConfig,
  HttpConfig,
  ImagePipelineConfig,
  LoggingConfig,
  PhotosConfig,
  RateLimitConfig,
  SessionConfig,
  ShutdownConfig,
  UploadIntakeConfig,
} from './config-slices';

/** Provides every configuration slice (see config-slices.ts) to every module. */
@Global()
@Module({})
export class ConfigSlicesModule {
  static forRoot(config: AppConfig): DynamicModule {
    const slices = configSlices(config);
    const providers = [
      { provide: HttpConfig, useValue: slices.http },
      { provide: SessionConfig, useValue: slices.session },
      { provide: CognitoConfig, useValue: slices.cognito },
      { provide: AuthResilienceConfig, useValue: slices.authResilience },
      { provide: PhotosConfig, useValue: slices.photos },
      { provide: UploadIntakeConfig, useValue: slices.uploadIntake },
      { provide: ImagePipelineConfig, useValue: slices.imagePipeline },
      { provide: DatabaseConfig, useValue: slices.database },
      { provide: LoggingConfig, useValue: slices.logging },
      { provide: RateLimitConfig, useValue: slices.rateLimit },
      { provide: ShutdownConfig, useValue: slices.shutdown },
    ];
    return {
      module: ConfigSlicesModule,
      providers,
      exports: providers.map((p) => p.provide),
    };
  }
}
