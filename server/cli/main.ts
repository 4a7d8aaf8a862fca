#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerServe } from './serve-command.js';
import { registerClientCommands } from './client-commands.js';
import { registerIncidentCommands } from './incident-commands.js';
import { CliError } from './api-client.js';

const program = new Command()
  .name('skyfort')
  .description('Skyfort NOC console: the aggregator and its command line')
  .option('--json', 'machine-readable output')
  .exitOverride();

registerServe(program);
registerClientCommands(program);
registerIncidentCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  // One plain line, non-zero exit: scripts read the code, people read the line.
  process.stderr.write(`skyfort: ${e instanceof CliError ? e.message : (e as Error).message}\n`);
  process.exit(1);
}
