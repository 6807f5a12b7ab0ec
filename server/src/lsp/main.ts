import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { loadShellParser } from '../node/shell-parser-loader';
import { applyRuntimeFlags } from './process-flags';
import { startServer } from './server';

applyRuntimeFlags();

// The transport (--stdio, --node-ipc, --socket=N) is picked from the command line by createConnection.
const connection = createConnection(ProposedFeatures.all);
const shell = loadShellParser();
shell.catch((e: unknown) => connection.console.error(`[dockerlean] could not load the shell parser: ${String(e)}`));
startServer(connection, shell);
