import { Injectable } from '@nestjs/common';
import { hostname } from 'node:os';
import { HttpConfig } from '../config/config-slices';
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
    private readonly http: HttpConfig,
  ) {}

  async describe(): Promise<InstanceInfo> {
    return {
      hostname: hostname(),
      version: this.http.version,
      uptimeSeconds: Math.floor(process.uptime()),
      nodeVersion: process.version,
      postgresVersion: await this.database.serverVersion(),
    };
  }
}
