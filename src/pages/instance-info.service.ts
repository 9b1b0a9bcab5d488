import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { hostname } from 'node:os';
import { AppConfig } from '../config/app-config';
import { DatabaseInfoRepository } from '../database/database-info.repository';

export interface InstanceInfo {
  hostname: string;
  version: string;
  uptimeSeconds: number;
  nodeVersion: string;
  postgresVersion: string;
}

/** Which instance answered: useful behind a load balancer. Nothing secret goes here. */
@Injectable()
export class InstanceInfoService {
  constructor(
    private readonly database: DatabaseInfoRepository,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async describe(): Promise<InstanceInfo> {
    return {
      hostname: hostname(),
      version: this.config.get('version', { infer: true }),
      uptimeSeconds: Math.floor(process.uptime()),
      nodeVersion: process.version,
      postgresVersion: await this.database.serverVersion(),
    };
  }
}
