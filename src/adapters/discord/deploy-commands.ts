/**
 * `npm run deploy-commands`: registers the slash commands with Discord, for one server when
 * DISCORD_GUILD_ID is set, otherwise globally. Exit code 0 on success, 1 with a one-line reason.
 */
import { deployCommandsReport } from './deploy.js';

const report = await deployCommandsReport(process.env);
(report.ok ? process.stdout : process.stderr).write(`${report.line}\n`);
process.exitCode = report.ok ? 0 : 1;
