import type { FrequencyCap } from './frequency-cap.js';
import type { QuietHours } from './quiet-hours.js';

export interface App {
  readonly id: string;
  readonly name: string;
  readonly appKey: string;
  /** Kept in clear because HMAC request signing needs it; never listed, only shown on create and rotate. */
  readonly masterSecret: string;
  /** Pushes accepted inside this window wait until it ends, unless they are high priority. */
  readonly quietHours: QuietHours | null;
  /** At most so many messages per device per window; absent = no cap. */
  readonly frequencyCap?: FrequencyCap | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}
