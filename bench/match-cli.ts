/** Runs `frontdoor match` from the sources (the benchmark times it in its own process). */
import { runMatchCommand } from '../src/cli/match-command.ts';

await runMatchCommand(process.argv.slice(2));
