import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { HttpConfig } from '../config/config-slices';
import { DatabaseInfoRepository } from '../database/database-info.repository';

/** Which instance answered: useful behind a load balancer. Nothing secret goes here. */
export interface InstanceInfo {
  /** An opaque id of the host: tells instances apart without naming the machine. */
  instance: string;
  version: string;
  uptimeSeconds: number;
  /** Only with INFO_PAGE_DETAIL=full: what helps an attacker pick an exploit, so not by default in production. */
  hostname?: string;
  nodeVersion?: string;
  postgresVersion?: string;
}

@Injectable()
export class InstanceInfoService {
  private readonly instance = createHash('sha256').update(hostname()).digest('hex').slice(0, 12);

  constructor(
    private readonly database: DatabaseInfoRepository,
    private readonly http: HttpConfig,
  ) {}

  async describe(): Promise<InstanceInfo> {
    const minimal = {
      instance: this.instance,
      version: this.http.version,
      uptimeSeconds: Math.floor(process.uptime()),
    };
    if (this.http.infoPageDetail === 'minimal') return minimal;
    return {
      ...minimal,
      hostname: hostname(),
      nodeVersion: process.version,
      postgresVersion: await this.database.serverVersion(),
    };
  }
}
