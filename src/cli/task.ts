import type { Command } from 'commander';
import { DELIVERY_STATUSES } from '../domain/delivery.js';
import { type AppOptions, appClient, appOptions } from './credentials.js';
import { exitOnClosedPipe, formatTime, printJson, printTable, secondsArg } from './output.js';
import { reportWatch, type TaskOut, watchTask } from './task-watch.js';

export function taskCommand(program: Command): void {
  const task = program
    .command('task')
    .hook('preAction', exitOnClosedPipe)
    .description('Follow a push task: its status and how many devices got the message.')
    .addHelpText(
      'after',
      `
Examples:
  herald task show 01J…
  herald task watch 01J… --timeout 60`,
    );

  appOptions(task.command('show <taskId>'))
    .description('Print a task’s status and delivery counts.')
    .option('--json', 'print the API answer as JSON')
    .addHelpText(
      'after',
      `
Examples:
  herald task show 01J…
  herald task show 01J… --json | jq .counts.received`,
    )
    .action(async (taskId: string, opts: AppOptions & { json?: boolean }) => {
      const t = await appClient(opts).get<TaskOut>(`/v1/tasks/${encodeURIComponent(taskId)}`);
      if (opts.json) return printJson(t);
      process.stdout.write(
        [
          `task      ${t.id}`,
          `message   ${t.messageId}`,
          `status    ${t.status}`,
          `targeted  ${t.targeted}`,
          `created   ${formatTime(t.createdAt)}`,
          `finished  ${formatTime(t.finishedAt)}`,
          '',
        ].join('\n'),
      );
      printTable(DELIVERY_STATUSES, [DELIVERY_STATUSES.map((s) => t.counts[s] ?? 0)]);
    });

  appOptions(task.command('watch <taskId>'))
    .description('Show live progress of a task until every targeted device got it, or the timeout passes.')
    .option('--timeout <s>', 'give up after this many seconds (exit code 2)', secondsArg, 30)
    .addHelpText(
      'after',
      `
Polls every 250 ms. On a terminal it draws a progress bar of received/targeted; otherwise it prints a
line per change. Exit code 0 when settled, 2 when the timeout passed first, 1 on errors.

Examples:
  herald task watch 01J…
  herald task watch 01J… --timeout 120 | tee push.log`,
    )
    .action(async (taskId: string, opts: AppOptions & { timeout: number }) => {
      reportWatch(await watchTask(appClient(opts), taskId, opts.timeout), opts.timeout);
    });
}
