import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './app-config';
import {
  AuthResilienceConfig,
  CognitoConfig,
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

interface ConfigSlices {
  http: HttpConfig;
  session: SessionConfig;
  cognito: CognitoConfig;
  authResilience: AuthResilienceConfig;
  photos: PhotosConfig;
  uploadIntake: UploadIntakeConfig;
  imagePipeline: ImagePipelineConfig;
  database: DatabaseConfig;
  logging: LoggingConfig;
  rateLimit: RateLimitConfig;
  shutdown: ShutdownConfig;
}

/** Cuts the validated configuration into the slices the modules inject. */
function configSlices(config: AppConfig): ConfigSlices {
  return {
    http: Object.freeze({
      baseUrl: config.baseUrl,
      secure: config.secure,
      trustProxy: config.trustProxy,
      port: config.port,
      host: config.host,
      production: config.production,
      version: config.version,
      infoPageDetail: config.infoPageDetail,
    }),
    session: Object.freeze({
      secret: config.sessionSecret,
      previousSecret: config.sessionSecretPrevious,
      ...config.session,
    }),
    cognito: Object.freeze({ ...config.cognito }),
    authResilience: Object.freeze({ ...config.authResilience }),
    photos: Object.freeze({ ...config.photos }),
    uploadIntake: Object.freeze({ ...config.uploadIntake }),
    imagePipeline: Object.freeze({ ...config.imagePipeline }),
    database: Object.freeze({ url: config.databaseUrl }),
    logging: Object.freeze({ level: config.logLevel }),
    rateLimit: Object.freeze({
      perMinute: config.rateLimitPerMinute,
      signInPerMinute: config.signInRateLimitPerMinute,
      writesPerMinute: config.writeRateLimitPerMinute,
    }),
    shutdown: Object.freeze({ ...config.shutdown }),
  };
}

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
