/** The app-building commands of `durable`, which live beside the runtime in the package's codegen/ folder. */
export const TOOL_COMMANDS = ['codegen', 'check', 'init', 'dev'] as const;
export type ToolCommand = (typeof TOOL_COMMANDS)[number];

export interface ToolIo {
  readonly cwd: string;
  out(line: string): void;
  err(line: string): void;
}

export function isToolCommand(command: string): command is ToolCommand {
  return (TOOL_COMMANDS as readonly string[]).includes(command);
}

/**
 * Runs `durable codegen|check|init|dev`. They are loaded only when called: codegen, check and dev need
 * ts-morph, an optional peer dependency that an app which only runs does not install.
 */
export async function runToolCommand(command: ToolCommand, argv: readonly string[], io: ToolIo): Promise<number> {
  try {
    switch (command) {
      case 'init':
        return (await import('../../codegen/init/run-init')).runInit(argv, io);
      case 'codegen':
        return await (await import('../../codegen/cli')).runCli(argv, io);
      case 'check':
        return (await import('../../codegen/analyze/check-cli')).runCheck(argv, io);
      case 'dev':
        return await (await import('../../codegen/dev/run-dev')).runDev(argv, io);
    }
  } catch (error) {
    if (!isMissingTsMorph(error)) throw error;
    io.err(
      `durable ${command} needs ts-morph, an optional peer dependency of durable-ts that is only needed to build: ` +
        'npm install --save-dev ts-morph',
    );
    return 1;
  }
}

function isMissingTsMorph(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes("'ts-morph'");
}
