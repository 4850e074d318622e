export interface App {
  readonly id: string;
  readonly name: string;
  readonly appKey: string;
  /** Kept in clear because HMAC request signing needs it; never listed, only shown on create and rotate. */
  readonly masterSecret: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}
