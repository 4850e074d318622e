import { Command } from 'commander';
import { appCommand } from './app.js';
import { deviceCommand } from './device.js';
import { mocksCommand } from './mocks.js';
import { pushCommand } from './push.js';
import { serveCommand } from './serve.js';
import { simulateCommand } from './simulate.js';
import { taskCommand } from './task.js';

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('herald')
    .description(
      'Herald: self-hosted push notifications over your own WebSocket channel and the vendor channels.',
    )
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Start here:
  herald serve                         start the server (SQLite in ./data)
  herald app create "My app"           create an app; prints its appKey and masterSecret
  herald simulate --devices 100        connect 100 simulated devices
  herald push --all --title Hi         push to every device, then watch it arrive
  herald mocks                         local mocks of every push vendor, to try the vendor channels`,
    );
  serveCommand(program);
  appCommand(program);
  deviceCommand(program);
  pushCommand(program);
  taskCommand(program);
  simulateCommand(program);
  mocksCommand(program);
  await program.parseAsync(argv);
}
