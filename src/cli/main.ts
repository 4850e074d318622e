import { Command } from 'commander';
import { serveCommand } from './serve.js';

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('herald')
    .description('Herald: self-hosted push notifications over your own WebSocket channel and the vendor channels.')
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Start here:
  herald serve                         start the server (SQLite in ./data)
  herald app create "My app"           create an app; prints its appKey and masterSecret
  herald simulate --devices 100        connect 100 simulated devices
  herald push --all --title Hi         push to every device, then watch it arrive`,
    );
  serveCommand(program);
  await program.parseAsync(argv);
}
