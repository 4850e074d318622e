/** One live device connection, whatever the transport. */
export interface DeviceConnection {
  readonly deviceId: string;
  readonly appId: string;
  readonly transport: 'ws' | 'mqtt';
  /** Queues a text frame; a closed connection drops it (the store still owes it to the device). */
  send(frame: string | Buffer): void;
  close(code: number, reason: string): void;
}
