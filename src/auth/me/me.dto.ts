import { ApiProperty } from '@nestjs/swagger';

/** GET /api/me: who the access token belongs to. */
export class MeDto {
  @ApiProperty()
  sub!: string;

  @ApiProperty()
  username!: string;

  @ApiProperty({ type: String, nullable: true, description: "From Cognito's userInfo" })
  email!: string | null;

  @ApiProperty({ type: [String] })
  groups!: string[];

  @ApiProperty({ type: [String], example: ['openid', 'email', 'profile'] })
  scopes!: string[];
}
